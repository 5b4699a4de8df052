"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { actionErrorState } from "@/components/forms/action-state";
import type { FormState } from "@/components/forms/form-state";
import { reauthenticate, requestMeta } from "@/lib/auth/session";
import { validate } from "@/lib/http";
import { ReauthenticateSchema } from "@/lib/validation";
import { startGoogleSignIn } from "@/app/auth/google-sign-in";
import { requireActionSession } from "../action-session";
import { accountReturnPath } from "../return-path";

// What the form sent: its one proof field (the password, a code from the app, or a recovery code).
const PROOFS = {
  password: "That password is not correct.",
  code: "That code is not correct.",
  recoveryCode: "That recovery code is not correct, or was already used.",
} as const;

/**
 * Step-up with the password, or a code from the authenticator app or a recovery code (whichever
 * field the form sent): the session may make sensitive changes for the next 10 minutes. Back to the
 * account tab the person came from (`next`, one of the account's own pages; Security otherwise).
 */
export async function reauthenticateAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  const field = (Object.keys(PROOFS) as (keyof typeof PROOFS)[]).find((name) => formData.has(name)) ?? "password";
  try {
    const proof = validate(ReauthenticateSchema, { [field]: formData.get(field) });
    await reauthenticate(session, proof, requestMeta(await headers()));
  } catch (error) {
    return actionErrorState(error, {}, { invalid_credentials: PROOFS[field] });
  }
  redirect(`${accountReturnPath(formData.get("next"))}?notice=confirmed`);
}

/** Step-up for an account without a password: sign in with Google again (Google asks for it afresh). */
export async function reauthenticateWithGoogleAction(formData: FormData): Promise<void> {
  await requireActionSession();
  await startGoogleSignIn(`${accountReturnPath(formData.get("next"))}?notice=confirmed`, { reauthenticate: true });
}
