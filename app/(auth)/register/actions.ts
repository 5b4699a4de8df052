"use server";

import { headers } from "next/headers";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { successState, type FormState } from "@/components/forms/form-state";
import { registerAccount } from "@/lib/accounts";
import { requestMeta } from "@/lib/auth/session";
import { validate } from "@/lib/http";
import { RegisterSchema } from "@/lib/validation";

export async function registerAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["username", "email", "firstName", "lastName"]);
  try {
    const input = validate(RegisterSchema, { ...values, password: formData.get("password") });
    await registerAccount(input, requestMeta(await headers()));
    // The same answer whether or not the email was already registered: no account enumeration.
    return successState(
      `Almost done: we sent an email to ${input.email}. Open the link in it within 48 hours to activate your account.`,
      values,
    );
  } catch (error) {
    return actionErrorState(error, values, { conflict: "Please correct the highlighted fields." });
  }
}
