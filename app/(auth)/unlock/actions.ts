"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import type { FormState } from "@/components/forms/form-state";
import { unlockAccount } from "@/lib/accounts/unlock";
import { requestMeta } from "@/lib/auth/session";
import { validate } from "@/lib/http";
import { LinkTokenSchema } from "@/lib/validation";

/** The unlock email's button: uses the link up, then on to sign in. */
export async function unlockAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["token"]);
  try {
    await unlockAccount(validate(LinkTokenSchema, values).token, requestMeta(await headers()));
  } catch (error) {
    return actionErrorState(
      error,
      values,
      { invalid_token: "This unlock link is invalid, has expired or has already been used." },
      { href: "/forgot-password", label: "Reset your password instead" },
    );
  }
  redirect("/login?notice=unlocked");
}
