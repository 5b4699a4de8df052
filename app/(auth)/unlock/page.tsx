import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { UnlockForm } from "./unlock-form";

// The token is in this page's URL: it must not leave in a Referer header.
export const metadata: Metadata = { title: "Unlock your account", referrer: "no-referrer" };

/**
 * The link from the "account locked" email. Opening it changes nothing (mail scanners open links
 * too): the button posts the token, and only then is the account unlocked.
 */
export default async function UnlockPage({ searchParams }: { searchParams: SearchParams }) {
  const token = searchParam(await searchParams, "token").slice(0, 256);
  return (
    <AuthCard
      titleId="unlock-title"
      title="Unlock your account"
      description={
        token ? (
          <>
            Too many failed sign-ins paused sign-ins to your account from new browsers. Unlock it to sign in again from
            anywhere. If those attempts were not yours, <Link href="/forgot-password">choose a new password</Link> too.
          </>
        ) : undefined
      }
    >
      {token ? (
        <UnlockForm token={token} />
      ) : (
        <FormMessage tone="error">
          This unlock link is incomplete. Copy the whole link from the email into the address bar.
        </FormMessage>
      )}
    </AuthCard>
  );
}
