import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { isInvitationUsable } from "@/lib/users/invitation";
import { TokenSchema } from "@/lib/validation";
import { InvitationForm } from "./invitation-form";

// The token is in this page's URL: it must not leave in a Referer header.
export const metadata: Metadata = { title: "Accept your invitation", referrer: "no-referrer" };

/**
 * The link from the invitation email: an administrator created the account, and the person
 * chooses its password here. The link is checked on load without using it up (mail scanners
 * open links too), so a dead link says so before anyone types a password.
 */
export default async function InvitationPage({ searchParams }: { searchParams: SearchParams }) {
  const token = searchParam(await searchParams, "token").slice(0, 256);
  const parsed = TokenSchema.safeParse(token);
  const invitation = parsed.success ? await isInvitationUsable(parsed.data) : null;
  return (
    <AuthCard
      titleId="invitation-title"
      title="Accept your invitation"
      description={
        invitation ? (
          <>
            Your username is <strong>{invitation.username}</strong>. Choose a password to finish setting up your
            account; you will be signed in right away.
          </>
        ) : undefined
      }
      footer={
        invitation ? undefined : (
          <p>
            If you already chose your password, <Link href="/login">sign in</Link>. Forgot it?{" "}
            <Link href="/forgot-password">Reset your password</Link>.
          </p>
        )
      }
    >
      {invitation ? (
        <InvitationForm token={token} username={invitation.username} />
      ) : (
        <FormMessage tone="error">
          {token
            ? "This invitation has expired or was already used. Ask your administrator for a new one."
            : "This invitation link is incomplete. Copy the whole link from the email into the address bar."}
        </FormMessage>
      )}
    </AuthCard>
  );
}
