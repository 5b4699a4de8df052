"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import type { FormState } from "@/components/forms/form-state";
import { requestMeta, signIn, writeSessionCookie } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { validate } from "@/lib/http";
import { afterSignInPath } from "@/lib/http/safe-redirect";
import { LoginSchema } from "@/lib/validation";

export async function loginAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["identifier", "callbackUrl"]);
  let cookie;
  try {
    const input = validate(LoginSchema, { identifier: values.identifier, password: formData.get("password") });
    ({ cookie } = await signIn(input, requestMeta(await headers())));
  } catch (error) {
    const email = values.identifier.includes("@") ? `?email=${encodeURIComponent(values.identifier.trim())}` : "";
    return actionErrorState(
      error,
      values,
      {
        invalid_credentials: "Invalid username/email or password.",
        account_not_activated:
          "Your account is not activated yet. Open the link in the activation email we sent you, or ask for a new one.",
      },
      isAppError(error) && error.code === "account_not_activated"
        ? { href: `/activate/resend${email}`, label: "Resend the activation email" }
        : undefined,
    );
  }
  await writeSessionCookie(cookie);
  redirect(afterSignInPath(values.callbackUrl));
}
