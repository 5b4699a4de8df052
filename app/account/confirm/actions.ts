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

/** Step-up with the password: the session may make sensitive changes for the next 10 minutes. */
export async function reauthenticateAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  try {
    const { password } = validate(ReauthenticateSchema, { password: formData.get("password") });
    await reauthenticate(session, password, requestMeta(await headers()));
  } catch (error) {
    return actionErrorState(error, {}, { invalid_credentials: "That password is not correct." });
  }
  redirect("/account?notice=confirmed");
}

/** Step-up for an account without a password: sign in with Google again (Google asks for it afresh). */
export async function reauthenticateWithGoogleAction(): Promise<void> {
  await requireActionSession();
  await startGoogleSignIn("/account?notice=confirmed", { reauthenticate: true });
}
