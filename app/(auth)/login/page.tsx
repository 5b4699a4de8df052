import type { Metadata } from "next";
import Link from "next/link";
import { ContinueWithGoogle } from "../continue-with-google";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { SwitchAccountForm } from "@/components/layout/switch-account-form";
import { browserAccounts } from "@/lib/accounts/browser-accounts";
import { getCurrentSession } from "@/lib/auth/session";
import { browserCookies } from "@/lib/auth/session/next";
import { afterSignInPath } from "@/lib/http/safe-redirect";
import { LoginForm } from "./login-form";
import { PasskeySignIn } from "./passkey-sign-in";

export const metadata: Metadata = { title: "Sign in" };

// Messages shown after a redirect to this page; only these fixed texts, never the URL's own words.
// A Map, not an object literal: `?notice=__proto__` or `?notice=constructor` must find nothing.
const NOTICES = new Map<string, string>([
  ["password-reset", "Your password has been reset. Sign in with your new password."],
  ["signed-out", "You have signed out."],
  ["session-ended", "Your session has ended. Please sign in again."],
  ["unlocked", "Your account is unlocked. Sign in with your password."],
  ["mfa-expired", "That sign-in took too long or was already finished. Sign in again."],
  ["too-many-accounts", "This browser is already signed in to 5 accounts. Sign out of one of them first."],
  ["account-signed-out", "That account is no longer signed in in this browser. Sign in to it again."],
]);

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = afterSignInPath(searchParam(params, "callbackUrl"));
  const adding = searchParam(params, "addAccount") === "1";
  if (!adding && (await getCurrentSession())) redirect(callbackUrl);
  const notice = NOTICES.get(searchParam(params, "notice"));
  // Accounts still signed in in this browser stay so: a sign-in here joins them.
  const accounts = await browserAccounts(await browserCookies());
  const signedInHere = [...(accounts.active ? [accounts.active] : []), ...accounts.others];
  const addAccount = adding || signedInHere.length > 0;

  return (
    <AuthCard
      titleId="login-title"
      title={adding ? "Add another account" : "Sign in"}
      footer={
        <p>
          New here? <Link href="/register">Create an account</Link>
        </p>
      }
    >
      {notice ? <FormMessage>{notice}</FormMessage> : null}
      {!adding && signedInHere.length > 0 ? (
        <section className="rounded-md border border-border p-4" aria-labelledby="signed-in-here">
          <h2 id="signed-in-here" className="m-0 mb-2 text-base font-semibold">
            Signed in in this browser
          </h2>
          <ul className="account-menu-others">
            {signedInHere.map((account) => (
              <li key={account.id}>
                <SwitchAccountForm account={account} action="Continue as" returnTo={callbackUrl} />
              </li>
            ))}
          </ul>
          <p className="hint mt-2">Or sign in to another account below.</p>
        </section>
      ) : null}
      {/* Social sign-in first, then "or", the password form and the passkey. */}
      <ContinueWithGoogle callbackUrl={callbackUrl} addAccount={addAccount} mode="sign-in" />
      <LoginForm callbackUrl={callbackUrl} addAccount={addAccount} />
      <PasskeySignIn callbackUrl={callbackUrl} addAccount={addAccount} />
    </AuthCard>
  );
}
