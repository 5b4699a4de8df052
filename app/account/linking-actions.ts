"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { startGoogleSignIn } from "@/app/auth/google-sign-in";
import { actionErrorState } from "@/components/forms/action-state";
import { successState, type FormState } from "@/components/forms/form-state";
import { setInitialPassword } from "@/lib/accounts";
import { unlinkGoogle } from "@/lib/oauth/google";
import { requestMeta, writeSessionCookie } from "@/lib/auth/session";
import { isRecentlyAuthenticated } from "@/lib/auth/session/step-up";
import { validate } from "@/lib/http";
import { SetPasswordSchema } from "@/lib/validation";
import { requireActionSession } from "./action-session";
import { confirmHref, SECURITY_PATH } from "./return-path";
import { STEP_UP_MESSAGE, stepUpHelp } from "./step-up";

/**
 * "Link Google": the Google flow with this session's cookie, so Auth.js links to the signed-in
 * user. Linking adds a way in, so it needs a recent sign-in (checked again when Google answers).
 */
export async function linkGoogleAction(): Promise<void> {
  const session = await requireActionSession();
  if (!isRecentlyAuthenticated(session)) redirect(confirmHref(SECURITY_PATH));
  await startGoogleSignIn(SECURITY_PATH);
}

export async function unlinkGoogleAction(_previous: FormState): Promise<FormState> {
  const session = await requireActionSession();
  try {
    await unlinkGoogle(session, requestMeta(await headers()));
    revalidatePath("/account", "layout");
    return successState("Google has been unlinked. Sign in with your password from now on.");
  } catch (error) {
    revalidatePath("/account", "layout");
    return actionErrorState(
      error,
      {},
      { not_found: "Google is not linked to this account.", reauthentication_required: STEP_UP_MESSAGE },
      stepUpHelp(error),
    );
  }
}

export async function setPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  try {
    const { password } = validate(SetPasswordSchema, { password: formData.get("password") });
    const { cookie } = await setInitialPassword(session, password, requestMeta(await headers()));
    await writeSessionCookie(cookie);
    revalidatePath("/account", "layout");
    return successState(
      "Your password has been set. You can now also sign in with your username or email and this password.",
    );
  } catch (error) {
    return actionErrorState(error, {}, { reauthentication_required: STEP_UP_MESSAGE }, stepUpHelp(error));
  }
}
