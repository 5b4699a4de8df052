"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import type { FormState } from "@/components/forms/form-state";
import { activateAccount } from "@/lib/accounts";
import { requestMeta, startBrowserSession, writeSessionCookie } from "@/lib/auth/session";
import { browserCookies } from "@/lib/auth/session/next";
import { issueDeviceCookie } from "@/lib/auth/device-cookie";
import { validate } from "@/lib/http";
import { ActivateSchema } from "@/lib/validation";

/** Activates with the link's token and the password chosen at registration, then signs the person in. */
export async function activateAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["token"]);
  const meta = requestMeta(await headers());
  let sessionCookies;
  let deviceCookie;
  try {
    const input = validate(ActivateSchema, { token: values.token, password: formData.get("password") });
    const { userId } = await activateAccount(input, meta);
    // The sessions this browser's cookies carried (anyone's) are replaced, as at a sign-in.
    ({ cookies: sessionCookies } = await startBrowserSession(await browserCookies(), userId, meta));
    // The password was just proved, like at a sign-in: this browser gets its device budget.
    deviceCookie = issueDeviceCookie(userId, meta.deviceCookie);
  } catch (error) {
    return actionErrorState(
      error,
      values,
      {
        invalid_token: "This activation link is invalid, has expired or has already been used.",
        invalid_credentials: "That is not the password you chose when you registered.",
      },
      { href: "/activate/resend", label: "Send a new activation email" },
    );
  }
  for (const cookie of [...sessionCookies, deviceCookie]) await writeSessionCookie(cookie);
  redirect("/account?notice=activated");
}
