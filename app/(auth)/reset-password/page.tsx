import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { describeResetLink } from "@/lib/accounts";
import { TokenSchema } from "@/lib/validation";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

/** The link from the reset email: checked on load (without using it up), so a dead link says so at once. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const token = searchParam(await searchParams, "token").slice(0, 256);
  const parsed = TokenSchema.safeParse(token);
  const link = parsed.success ? await describeResetLink(parsed.data) : null;
  return (
    <AuthCard
      titleId="reset-title"
      title="Choose a new password"
      description={link ? "After the change, every device signed in to your account is signed out." : undefined}
      footer={
        <p>
          {link ? (
            <Link href="/login">Back to sign in</Link>
          ) : (
            <Link href="/forgot-password">Ask for a new reset link</Link>
          )}
        </p>
      }
    >
      {link ? (
        <ResetPasswordForm token={token} hasLinkedGoogle={link.hasLinkedGoogle} />
      ) : (
        <FormMessage tone="error">
          {token
            ? "This reset link is invalid, has expired or has already been used."
            : "This reset link is incomplete. Copy the whole link from the email into the address bar."}
        </FormMessage>
      )}
    </AuthCard>
  );
}
