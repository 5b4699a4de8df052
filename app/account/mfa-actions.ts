"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { errorState, successState, type FormState } from "@/components/forms/form-state";
import { generateRecoveryCodes } from "@/lib/auth/mfa/recovery-codes";
import { keepCodesToShowOnce } from "@/lib/auth/mfa/shown-once";
import { confirmTotpEnrolment, removeTotp, startTotpEnrolment } from "@/lib/auth/mfa/totp";
import { assertRecentAuthentication, requestMeta } from "@/lib/auth/session";
import { validate } from "@/lib/http";
import { ConfirmTotpSchema } from "@/lib/validation";
import { requireActionSession } from "./action-session";
import { STEP_UP_MESSAGE, stepUpHelp } from "./step-up";

// The "Two-step verification" forms of /account/security. New recovery codes never travel in a URL or a
// form state: they are kept for this session (lib/auth/mfa/shown-once.ts) and the page
// /account/recovery-codes shows them once.

const failed = (error: unknown, values: Record<string, string> = {}) =>
  actionErrorState(error, values, { reauthentication_required: STEP_UP_MESSAGE }, stepUpHelp(error));

/** "Set up authenticator app": a new pending setup, then the page that shows its QR code. */
export async function startTotpAction(_previous: FormState): Promise<FormState> {
  const session = await requireActionSession();
  try {
    assertRecentAuthentication(session);
    await startTotpEnrolment(session.userId);
  } catch (error) {
    revalidatePath("/account", "layout");
    return failed(error);
  }
  redirect("/account/totp");
}

/** The setup page's code: confirms the app, then shows the first recovery codes (if new ones were made). */
export async function confirmTotpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  const values = formValues(formData, ["code"]);
  let recoveryCodes: string[] | null;
  try {
    assertRecentAuthentication(session);
    const { code } = validate(ConfirmTotpSchema, values);
    ({ recoveryCodes } = await confirmTotpEnrolment(session.userId, code, requestMeta(await headers())));
    if (recoveryCodes) await keepCodesToShowOnce(session.sessionId, recoveryCodes);
  } catch (error) {
    // A code is only good for 30 seconds: never put it back in the field.
    return failed(error);
  }
  revalidatePath("/account", "layout");
  redirect(recoveryCodes ? "/account/recovery-codes" : "/account/totp");
}

/** "Remove authenticator app", once its confirmation box is ticked (a second step without JavaScript). */
export async function removeTotpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  if (formValues(formData, ["confirm"]).confirm !== "yes") {
    return errorState("Tick the box to confirm that the authenticator app should be removed.", {
      fieldErrors: { confirm: ["Tick the box to confirm."] },
    });
  }
  try {
    assertRecentAuthentication(session);
    await removeTotp(session.userId, requestMeta(await headers()));
    revalidatePath("/account", "layout");
    return successState("The authenticator app was removed. Signing in no longer asks for its codes.");
  } catch (error) {
    revalidatePath("/account", "layout");
    return failed(error);
  }
}

/** "Generate new recovery codes": the old ones stop working; the page /account/recovery-codes shows the new. */
export async function regenerateRecoveryCodesAction(_previous: FormState): Promise<FormState> {
  const session = await requireActionSession();
  try {
    assertRecentAuthentication(session);
    const codes = await generateRecoveryCodes(session.userId, requestMeta(await headers()));
    await keepCodesToShowOnce(session.sessionId, codes);
  } catch (error) {
    revalidatePath("/account", "layout");
    return failed(error);
  }
  revalidatePath("/account", "layout");
  redirect("/account/recovery-codes");
}
