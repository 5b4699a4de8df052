"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { errorState, successState, type FormState } from "@/components/forms/form-state";
import { requestMeta } from "@/lib/auth/session";
import { resetSecondFactors } from "@/lib/users";
import { pathId } from "@/lib/validation";
import { requireAdminAction } from "../action-session";

/**
 * "Reset second factors" once the confirmation box is ticked: removes the user's authenticator
 * app, passkeys and recovery codes and signs them out everywhere (the domain checks the rule).
 */
export async function resetSecondFactorsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction();
  const { id: raw, confirm } = formValues(formData, ["id", "confirm"]);
  try {
    const id = pathId(raw);
    if (confirm !== "yes") {
      return errorState("Confirm the reset first.", {
        fieldErrors: { confirm: ["Tick the box to confirm that every second factor should be removed."] },
      });
    }
    await resetSecondFactors(actor, id, requestMeta(await headers()));
    revalidatePath(`/admin/users/${id}`);
    return successState(
      "Every second factor has been removed and the user is signed out everywhere. They have been emailed.",
    );
  } catch (error) {
    return actionErrorState(error, {}, { not_found: "This user no longer exists." });
  }
}
