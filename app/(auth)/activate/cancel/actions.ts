"use server";

import { headers } from "next/headers";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { successState, type FormState } from "@/components/forms/form-state";
import { cancelRegistration } from "@/lib/accounts";
import { requestMeta } from "@/lib/auth/session";
import { validate } from "@/lib/http";
import { LinkTokenSchema } from "@/lib/validation";

/** "This wasn't me": deletes the pending account registered with this address. */
export async function cancelRegistrationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["token"]);
  try {
    await cancelRegistration(validate(LinkTokenSchema, values).token, requestMeta(await headers()));
    return successState(
      "The registration was cancelled and its account deleted. Nobody can activate it. You can ignore any other email about it.",
    );
  } catch (error) {
    return actionErrorState(error, values, {
      invalid_token: "This link is invalid, has expired, was already used, or the account was already activated.",
    });
  }
}
