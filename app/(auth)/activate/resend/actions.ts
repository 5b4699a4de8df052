"use server";

import { headers } from "next/headers";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { successState, type FormState } from "@/components/forms/form-state";
import { resendActivation } from "@/lib/accounts";
import { requestMeta } from "@/lib/auth/session";
import { validate } from "@/lib/http";
import { ResendActivationSchema } from "@/lib/validation";

export async function resendActivationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email"]);
  try {
    const { email } = validate(ResendActivationSchema, values);
    await resendActivation(email, requestMeta(await headers()));
    // The same answer and the same work for every address (the worker decides): no account enumeration.
    return successState(
      `If an account for ${email} is waiting for activation, we sent it a new activation link. Check your inbox.`,
      values,
    );
  } catch (error) {
    return actionErrorState(error, values);
  }
}
