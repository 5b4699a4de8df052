"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { errorState, type FormState } from "@/components/forms/form-state";
import { MFA_COOKIE_NAME, mfaCookie } from "@/lib/auth/mfa/browser-cookie";
import { completeBrowserSecondStep, secondStepPasskeyOptions } from "@/lib/auth/mfa/sign-in-step";
import { requestMeta, writeSessionCookie } from "@/lib/auth/session";
import { browserCookies } from "@/lib/auth/session/next";
import { isAppError } from "@/lib/errors";
import { validate } from "@/lib/http";
import { afterSignInPath } from "@/lib/http/safe-redirect";
import { PasskeyLoginSchema } from "@/lib/validation";
import { MfaVerifySchema, secondFactorProof } from "@/lib/validation/mfa-sign-in";

const EXPIRED = "/login?notice=mfa-expired";

/** The challenge this browser's first step left in its cookie (a missing one means starting again). */
async function challengeToken(): Promise<string> {
  const token = (await cookies()).get(MFA_COOKIE_NAME)?.value;
  if (!token) redirect(EXPIRED);
  return token;
}

function isExpired(error: unknown): boolean {
  return isAppError(error) && error.code === "invalid_token";
}

/**
 * Checks the factor (one field: `code`, `recoveryCode` or a passkey's answer) against the
 * challenge; on success the browser gets its session like any sign-in, the challenge cookie goes,
 * and it continues to `callbackUrl`. An expired or used challenge goes back to /login.
 */
async function finish(
  fields: Record<string, unknown>,
  next: { callbackUrl: unknown; addAccount: boolean },
  messages: { invalid: string },
): Promise<FormState> {
  const { callbackUrl, addAccount } = next;
  const token = await challengeToken();
  const store = await cookies();
  let signedIn;
  try {
    const input = validate(MfaVerifySchema, { mfaToken: token, ...fields });
    signedIn = await completeBrowserSecondStep(input.mfaToken, secondFactorProof(input), requestMeta(await headers()), {
      browser: await browserCookies(),
      addAccount,
    });
  } catch (error) {
    if (isExpired(error)) {
      const cleared = mfaCookie(null);
      store.set(cleared.name, cleared.value, cleared.options);
      redirect(EXPIRED);
    }
    return actionErrorState(error, {}, { invalid_credentials: messages.invalid });
  }
  const cleared = mfaCookie(null);
  store.set(cleared.name, cleared.value, cleared.options);
  for (const cookie of [...signedIn.cookies, signedIn.deviceCookie]) await writeSessionCookie(cookie);
  redirect(afterSignInPath(callbackUrl));
}

/** The form with a code from the authenticator app, or (the alternative) a recovery code. */
export async function verifyCodeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { callbackUrl, addAccount } = formValues(formData, ["callbackUrl", "addAccount"]);
  const next = { callbackUrl, addAccount: addAccount === "1" };
  if (formData.has("recoveryCode")) {
    return finish({ recoveryCode: formData.get("recoveryCode") }, next, {
      invalid: "That recovery code is not correct, or was already used.",
    });
  }
  return finish({ code: formData.get("code") }, next, { invalid: "That code is not correct." });
}

/** The options for the passkey button's ceremony (the challenge stays usable). */
export async function passkeyOptionsAction(): Promise<
  { ok: true; options: Awaited<ReturnType<typeof secondStepPasskeyOptions>> } | { ok: false; expired: boolean }
> {
  const token = (await cookies()).get(MFA_COOKIE_NAME)?.value;
  if (!token) return { ok: false, expired: true };
  try {
    return { ok: true, options: await secondStepPasskeyOptions(token) };
  } catch (error) {
    return { ok: false, expired: isExpired(error) };
  }
}

/** The passkey's answer: finishes the sign-in like a code would. */
export async function verifyPasskeyAction(
  answer: unknown,
  callbackUrl: string,
  addAccount = false,
): Promise<FormState> {
  const parsed = PasskeyLoginSchema.safeParse(answer);
  if (!parsed.success) return errorState("The passkey could not confirm it's you. Try again.");
  return finish(
    { passkey: parsed.data },
    { callbackUrl, addAccount: addAccount === true },
    {
      invalid: "The passkey could not confirm it's you. Try again.",
    },
  );
}
