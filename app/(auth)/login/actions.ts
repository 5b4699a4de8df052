"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import type { FormState } from "@/components/forms/form-state";
import { mfaCookie } from "@/lib/auth/mfa/browser-cookie";
import { mustEnrolSecondFactor } from "@/lib/auth/mfa/policy";
import { requestMeta, signIn, writeSessionCookie } from "@/lib/auth/session";
import { browserCookies } from "@/lib/auth/session/next";
import { isAppError } from "@/lib/errors";
import { validate } from "@/lib/http";
import { afterSignInPath } from "@/lib/http/safe-redirect";
import { LoginSchema } from "@/lib/validation";

/** Longer waits than this mean the account is locked for new browsers (lib/auth/brute-force.ts). */
const LOCK_WAIT_SECONDS = 90 * 60;

/**
 * The refusal over a brute-force limit, in words. It depends only on Retry-After, which unknown
 * identifiers get exactly like real accounts, so it tells nobody whether the account exists.
 */
function tooManyAttemptsMessage(error: unknown): string | undefined {
  if (!isAppError(error) || error.code !== "rate_limited") return undefined;
  const retryAfter = Number(error.headers?.["Retry-After"]);
  if (!(retryAfter > LOCK_WAIT_SECONDS)) return undefined;
  return (
    "Too many failed attempts to sign in to this account: sign-ins from new browsers are paused for up to " +
    `${Math.ceil(retryAfter / 3600)} hours. If it is your account, the unlock link we emailed you resumes them.`
  );
}

/** The sign-in's challenge when the account asks for its second factor (403 mfa_required), else null. */
function secondStepToken(error: unknown): string | null {
  if (!isAppError(error) || error.code !== "mfa_required") return null;
  const token = error.extensions?.mfaToken;
  return typeof token === "string" ? token : null;
}

export async function loginAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["identifier", "callbackUrl", "addAccount"]);
  const addAccount = values.addAccount === "1";
  const store = await cookies();
  let signedIn;
  try {
    const input = validate(LoginSchema, { identifier: values.identifier, password: formData.get("password") });
    // As by the login API: the browser's sessions are replaced (revoked), or joined with addAccount.
    signedIn = await signIn(input, requestMeta(await headers()), { browser: await browserCookies(), addAccount });
  } catch (error) {
    const secondStep = secondStepToken(error);
    if (secondStep) {
      // The account has a second factor: no session yet; /login/verify finishes with the challenge.
      const cookie = mfaCookie(secondStep);
      store.set(cookie.name, cookie.value, cookie.options);
      const add = addAccount ? "&addAccount=1" : "";
      redirect(`/login/verify?callbackUrl=${encodeURIComponent(afterSignInPath(values.callbackUrl))}${add}`);
    }
    const email = values.identifier.includes("@") ? `?email=${encodeURIComponent(values.identifier.trim())}` : "";
    return actionErrorState(
      error,
      values,
      {
        invalid_credentials: "Invalid username/email or password.",
        account_not_activated:
          "Your account is not activated yet. Open the link in the activation email we sent you, or ask for a new one.",
        account_disabled: "This account has been disabled. Contact your administrator if you think this is a mistake.",
        rate_limited: tooManyAttemptsMessage(error),
      },
      isAppError(error) && error.code === "account_not_activated"
        ? { href: `/activate/resend${email}`, label: "Resend the activation email" }
        : undefined,
    );
  }
  for (const cookie of [...signedIn.cookies, signedIn.deviceCookie]) await writeSessionCookie(cookie);
  // Signed in, but the second-factor policy covers this account and it has none: set one up first.
  if (await mustEnrolSecondFactor(signedIn.userId)) redirect("/account?notice=mfa-required");
  redirect(afterSignInPath(values.callbackUrl));
}
