import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import Link from "next/link";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { MFA_COOKIE_NAME } from "@/lib/auth/mfa/browser-cookie";
import { describeBrowserSecondStep } from "@/lib/auth/mfa/sign-in-step";
import { afterSignInPath } from "@/lib/http/safe-redirect";
import { PasskeyButton } from "./passkey-button";
import { VerifyCodeForm, VerifyRecoveryCodeForm } from "./verify-forms";

export const metadata: Metadata = { title: "Confirm it's you" };

/**
 * The second step of a sign-in (after the password, or after Google) for an account with a second
 * factor: the challenge the first step left in the `authcore.mfa` cookie, and the account's own
 * ways to finish: a code from the authenticator app, a passkey, or a recovery code. Without a live
 * challenge (expired, used, never started) it goes back to /login.
 */
export default async function VerifyPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = afterSignInPath(searchParam(params, "callbackUrl"));
  // Signing in to another account beside those already signed in here ("Add another account").
  const addAccount = searchParam(params, "addAccount") === "1";
  const step = await describeBrowserSecondStep((await cookies()).get(MFA_COOKIE_NAME)?.value);
  if (!step) redirect("/login?notice=mfa-expired");
  const alternatives = step.totp || step.passkeys;

  return (
    <AuthCard
      titleId="verify-title"
      title={<>Confirm it&apos;s you</>}
      description={
        <>
          {step.firstStep === "google" ? "Google has signed you in. " : "Your password is correct. "}
          Your account also asks for its second factor.
        </>
      }
      footer={
        <p>
          <Link href="/login">Cancel and sign in again</Link>
        </p>
      }
    >
      {step.totp ? <VerifyCodeForm callbackUrl={callbackUrl} addAccount={addAccount} /> : null}
      {step.passkeys ? <PasskeyButton callbackUrl={callbackUrl} addAccount={addAccount} /> : null}
      {step.recoveryCodes ? (
        <VerifyRecoveryCodeForm callbackUrl={callbackUrl} addAccount={addAccount} collapsed={alternatives} />
      ) : null}
    </AuthCard>
  );
}
