import type { Metadata } from "next";
import Link from "next/link";
import { SubmitButton } from "@/components/forms/submit-button";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { factorSummary } from "@/lib/auth/mfa/factors";
import { requireSessionOrRedirect } from "@/lib/auth/session";
import { listSignInMethods } from "@/lib/oauth/google";
import { reauthenticateWithGoogleAction } from "./actions";
import { ConfirmCodeForm, ConfirmRecoveryCodeForm } from "./confirm-code-form";
import { ConfirmForm } from "./confirm-form";
import { accountReturnPath } from "../return-path";
import { CARD_PANEL } from "@/components/ui/card";

export const metadata: Metadata = { title: "Confirm it's you" };

/**
 * Step-up: before a sensitive change (sign-in methods, username, other sessions) the person
 * proves again who they are: with their password, or with Google when the account has none, or
 * with a second factor (a code from the authenticator app, or a recovery code) when it has one.
 */
export default async function ConfirmPage({ searchParams }: { searchParams: SearchParams }) {
  const next = accountReturnPath(searchParam(await searchParams, "next"));
  const session = await requireSessionOrRedirect(`/account/confirm?next=${encodeURIComponent(next)}`);
  const [methods, factors] = await Promise.all([listSignInMethods(session.userId), factorSummary(session.userId)]);
  return (
    <main>
      <h1 id="confirm-title">Confirm it&apos;s you</h1>
      <p>Changes to how you sign in need a recent sign-in. Confirm it&apos;s you to continue for 10 minutes.</p>
      {methods.password ? (
        <ConfirmForm next={next} />
      ) : (
        <form action={reauthenticateWithGoogleAction} className={CARD_PANEL}>
          <p>Your account signs in with Google: sign in with Google again to confirm.</p>
          <input type="hidden" name="next" value={next} />
          <SubmitButton pendingLabel="Opening Google…">Confirm with Google</SubmitButton>
        </form>
      )}
      {factors.totp ? <ConfirmCodeForm next={next} /> : null}
      {factors.recoveryCodesLeft > 0 ? <ConfirmRecoveryCodeForm next={next} /> : null}
      <p>
        <Link href={next}>Back to your account</Link>
      </p>
    </main>
  );
}
