"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import type { FormState } from "@/components/forms/form-state";
import { resetPassword } from "@/lib/accounts";
import { requestMeta } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { validate } from "@/lib/http";
import { ResetPasswordSchema } from "@/lib/validation";

export async function resetPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  // keepLinkedAccounts is sent back too, so a refused attempt keeps the box as it was ticked.
  const values = formValues(formData, ["token", "keepLinkedAccounts"]);
  try {
    const input = validate(ResetPasswordSchema, {
      token: values.token,
      password: formData.get("password"),
      keepLinkedAccounts: values.keepLinkedAccounts === "yes",
    });
    await resetPassword(input, requestMeta(await headers()));
  } catch (error) {
    return actionErrorState(
      error,
      values,
      { invalid_token: "This reset link is invalid, has expired or has already been used." },
      isAppError(error) && (error.code === "invalid_token" || Boolean(error.fieldErrors?.token))
        ? { href: "/forgot-password", label: "Ask for a new reset link" }
        : undefined,
    );
  }
  // Every session was revoked by the reset: sign in again with the new password.
  redirect("/login?notice=password-reset");
}
