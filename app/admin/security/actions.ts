"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { successState, type FormState } from "@/components/forms/form-state";
import { requestMeta } from "@/lib/auth/session";
import { updateMfaPolicy } from "@/lib/authz/mfa-policy";
import { validate } from "@/lib/http";
import { MfaPolicySchema } from "@/lib/validation/mfa-sign-in";
import { requireAdminAction } from "../action-session";

/** Saves which roles must use a second factor ("" is nobody); the domain checks who may. */
export async function updateMfaPolicyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction("/admin/security");
  const values = formValues(formData, ["mfaRequiredLevel"]);
  try {
    const level = values.mfaRequiredLevel.trim();
    const input = validate(MfaPolicySchema, { mfaRequiredLevel: level === "" ? null : Number(level) });
    await updateMfaPolicy(actor, input, requestMeta(await headers()));
  } catch (error) {
    return actionErrorState(error, values);
  }
  revalidatePath("/admin/security");
  return successState("The second-factor policy has been saved.", values);
}
