import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { isActivationLinkUsable } from "@/lib/accounts";
import { TokenSchema } from "@/lib/validation";
import { ActivateForm } from "./activate-form";

export const metadata: Metadata = { title: "Activate your account" };

/**
 * The link from the activation email. Opening it changes nothing (mail scanners open links too):
 * the person confirms with the password they chose at registration, which also proves that
 * whoever registered this address is the one who received the email.
 */
export default async function ActivatePage({ searchParams }: { searchParams: SearchParams }) {
  const token = searchParam(await searchParams, "token").slice(0, 256);
  const parsed = TokenSchema.safeParse(token);
  // Checked on load without using it up, so a dead link says so before anyone types a password.
  const usable = parsed.success && (await isActivationLinkUsable(parsed.data));
  return (
    <AuthCard
      titleId="activate-title"
      title="Activate your account"
      description={usable ? "Enter your password to confirm your email address and sign in." : undefined}
      footer={
        usable ? undefined : (
          <p>
            If you already activated your account, <Link href="/login">sign in</Link>. Otherwise,{" "}
            <Link href="/activate/resend">ask for a new activation email</Link>.
          </p>
        )
      }
    >
      {usable ? (
        <ActivateForm token={token} />
      ) : (
        <FormMessage tone="error">
          {token
            ? "This activation link is invalid, has expired or has already been used."
            : "This activation link is incomplete. Copy the whole link from the email into the address bar."}
        </FormMessage>
      )}
    </AuthCard>
  );
}
