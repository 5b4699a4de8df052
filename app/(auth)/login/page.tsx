import type { Metadata } from "next";
import Link from "next/link";
import { ContinueWithGoogle } from "../continue-with-google";
import { redirect } from "next/navigation";
import { FormMessage } from "@/components/forms/form-message";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { getCurrentSession } from "@/lib/auth/session";
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
]);

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = afterSignInPath(searchParam(params, "callbackUrl"));
  if (await getCurrentSession()) redirect(callbackUrl);
  const notice = NOTICES.get(searchParam(params, "notice"));

  return (
    <main>
      <h1 id="login-title">Sign in</h1>
      {notice ? <FormMessage>{notice}</FormMessage> : null}
      <LoginForm callbackUrl={callbackUrl} />
      <PasskeySignIn callbackUrl={callbackUrl} />
      <ContinueWithGoogle callbackUrl={callbackUrl} />
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link href="/register">Create an account</Link>
      </p>
    </main>
  );
}
