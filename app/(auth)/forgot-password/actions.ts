"use server";

import { headers } from "next/headers";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { successState, type FormState } from "@/components/forms/form-state";
import { requestPasswordReset } from "@/lib/accounts";
import { requestMeta } from "@/lib/auth/session";
import { validate } from "@/lib/http";
import { ForgotPasswordSchema } from "@/lib/validation";

export async function forgotPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email"]);
  try {
    const { email } = validate(ForgotPasswordSchema, values);
    await requestPasswordReset(email, requestMeta(await headers()));
    // The same answer and the same work for every address (the worker decides): no account enumeration.
    return successState(
      `If an account exists for ${email}, we sent it an email with a link to reset the password. The link is valid for 1 hour.`,
      values,
    );
  } catch (error) {
    return actionErrorState(error, values);
  }
}
