"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { startGoogleSignIn } from "@/app/auth/google-sign-in";
import { actionErrorState } from "@/components/forms/action-state";
import { successState, type FormState } from "@/components/forms/form-state";
import { setInitialPassword } from "@/lib/accounts";
import { unlinkGoogle } from "@/lib/oauth/google";
import { requestMeta } from "@/lib/auth/session";
import { validate } from "@/lib/http";
import { SetPasswordSchema } from "@/lib/validation";
import { requireActionSession } from "./action-session";

/** "Link Google": the Google flow with this session's cookie, so Auth.js links to the signed-in user. */
export async function linkGoogleAction(): Promise<void> {
  await requireActionSession();
  await startGoogleSignIn("/account");
}

export async function unlinkGoogleAction(_previous: FormState): Promise<FormState> {
  const session = await requireActionSession();
  try {
    await unlinkGoogle(session.userId, requestMeta(await headers()));
    revalidatePath("/account");
    return successState("Google has been unlinked. Sign in with your password from now on.");
  } catch (error) {
    revalidatePath("/account");
    return actionErrorState(error, {}, { not_found: "Google is not linked to this account." });
  }
}

export async function setPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  try {
    const { password } = validate(SetPasswordSchema, { password: formData.get("password") });
    await setInitialPassword(session.userId, session.sessionId, password, requestMeta(await headers()));
    revalidatePath("/account");
    return successState(
      "Your password has been set. You can now also sign in with your username or email and this password.",
    );
  } catch (error) {
    return actionErrorState(error, {});
  }
}
