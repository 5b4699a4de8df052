"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { errorState, successState, type FormState } from "@/components/forms/form-state";
import { changePassword, changeUsername, signOutOtherSessions, signOutSession, updateProfile } from "@/lib/accounts";
import { createSession, requestMeta, writeSessionCookie } from "@/lib/auth/session";
import { validate } from "@/lib/http";
import { ChangePasswordSchema, ChangeUsernameSchema, UpdateProfileSchema } from "@/lib/validation";
import { requireActionSession } from "./action-session";
import { STEP_UP_MESSAGE, stepUpHelp } from "./step-up";

// The tab of the sessions and apps forms: step-up comes back to it. (Each action revalidates the
// whole /account layout: the tabs share the header's data.)
const SESSIONS_PATH = "/account/sessions";

export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  const values = formValues(formData, ["firstName", "lastName"]);
  try {
    const input = validate(UpdateProfileSchema, values);
    const me = await updateProfile(session.userId, input);
    revalidatePath("/account", "layout");
    return successState("Your profile has been saved.", { firstName: me.firstName, lastName: me.lastName });
  } catch (error) {
    return actionErrorState(error, values);
  }
}

export async function changeUsernameAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  const values = formValues(formData, ["username"]);
  try {
    const { username } = validate(ChangeUsernameSchema, values);
    const me = await changeUsername(session, username, requestMeta(await headers()));
    revalidatePath("/account", "layout");
    return successState(`Your username is now ${me.username}.`, { username: me.username });
  } catch (error) {
    return actionErrorState(
      error,
      values,
      { reauthentication_required: STEP_UP_MESSAGE },
      stepUpHelp(error, "/account"),
    );
  }
}

export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  try {
    const input = validate(ChangePasswordSchema, {
      currentPassword: formData.get("currentPassword"),
      newPassword: formData.get("newPassword"),
    });
    // Every session ends with the old password; this browser continues in a new one (a new id).
    const meta = requestMeta(await headers());
    await changePassword(session.userId, input, meta);
    await writeSessionCookie((await createSession(session.userId, meta)).cookie);
    revalidatePath("/account", "layout");
    return successState("Your password has been changed. Every other device has been signed out.");
  } catch (error) {
    return actionErrorState(error, {});
  }
}

/** One form for the sessions list: "revoke:<id>" signs out one session, "revoke-others" all but this one. */
export async function manageSessionsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  const { intent } = formValues(formData, ["intent"]);
  try {
    const meta = requestMeta(await headers());
    if (intent === "revoke-others") {
      const count = await signOutOtherSessions(session, meta);
      revalidatePath("/account", "layout");
      return successState(
        count === 1 ? "1 other session has been signed out." : `${count} other sessions have been signed out.`,
      );
    }
    const sessionId = intent.startsWith("revoke:") ? intent.slice("revoke:".length) : "";
    if (!sessionId || sessionId === session.sessionId)
      return errorState("Choose another session to sign out, or use “Log out” for this one.");
    await signOutSession(session, sessionId, meta);
    revalidatePath("/account", "layout");
    return successState("The session has been signed out.");
  } catch (error) {
    revalidatePath("/account", "layout");
    return actionErrorState(
      error,
      {},
      { not_found: "That session has already ended.", reauthentication_required: STEP_UP_MESSAGE },
      stepUpHelp(error, SESSIONS_PATH),
    );
  }
}

/**
 * "Apps and devices": "revoke:<id>" ends one of the user's token families (a third-party client's
 * sign-in through POST /api/v1/auth/token), the same way as a session: its access tokens stop
 * working on their next request and its refresh token is refused. Needs a recent sign-in.
 */
export async function revokeAppAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  const { intent } = formValues(formData, ["intent"]);
  const familyId = intent.startsWith("revoke:") ? intent.slice("revoke:".length) : "";
  // This browser's own session is not an app: ending it is "Log out".
  if (!familyId || familyId === session.sessionId) return errorState("Choose an app or device to revoke.");
  try {
    await signOutSession(session, familyId, requestMeta(await headers()));
    revalidatePath("/account", "layout");
    return successState("The app's access has been revoked.");
  } catch (error) {
    revalidatePath("/account", "layout");
    return actionErrorState(
      error,
      {},
      { not_found: "That app's access had already ended.", reauthentication_required: STEP_UP_MESSAGE },
      stepUpHelp(error, SESSIONS_PATH),
    );
  }
}
