"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { errorState, successState, type FormState } from "@/components/forms/form-state";
import { removePasskey, renamePasskey } from "@/lib/auth/mfa/passkeys";
import { assertRecentAuthentication, requestMeta } from "@/lib/auth/session";
import { validate } from "@/lib/http";
import { IdSchema, RenamePasskeySchema } from "@/lib/validation";
import { requireActionSession } from "./action-session";
import { STEP_UP_MESSAGE, stepUpHelp } from "./step-up";

// Renaming and removing work without JavaScript (plain form posts); adding one cannot, since only
// the browser's WebAuthn API can talk to the authenticator (passkey-register-button.tsx).

const GONE = "That passkey no longer exists.";

/** Renames one of the caller's passkeys (`passkeyId`, `name`). */
export async function renamePasskeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  const values = formValues(formData, ["passkeyId", "name"]);
  const id = IdSchema.safeParse(values.passkeyId);
  if (!id.success) return errorState(GONE);
  try {
    const { name } = validate(RenamePasskeySchema, { name: values.name });
    const passkey = await renamePasskey(session.userId, id.data, name, requestMeta(await headers()));
    revalidatePath("/account", "layout");
    return successState(`The passkey is now called “${passkey.name}”.`, { name: passkey.name });
  } catch (error) {
    return actionErrorState(error, { name: values.name }, { not_found: GONE });
  }
}

/** "remove:<id>" removes one of the caller's passkeys; a way in less, so it needs a recent sign-in. */
export async function removePasskeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  const { intent } = formValues(formData, ["intent"]);
  const id = IdSchema.safeParse(intent.startsWith("remove:") ? intent.slice("remove:".length) : "");
  if (!id.success) return errorState("Choose a passkey to remove.");
  try {
    assertRecentAuthentication(session);
    await removePasskey(session.userId, id.data, requestMeta(await headers()));
    revalidatePath("/account", "layout");
    return successState("The passkey has been removed: it can no longer sign in to your account.");
  } catch (error) {
    revalidatePath("/account", "layout");
    return actionErrorState(
      error,
      {},
      { not_found: "That passkey had already been removed.", reauthentication_required: STEP_UP_MESSAGE },
      stepUpHelp(error),
    );
  }
}

/** After the API added a passkey (passkey-register-button.tsx): the page renders again with it listed. */
export async function passkeyAddedAction(): Promise<void> {
  await requireActionSession();
  revalidatePath("/account", "layout");
}
