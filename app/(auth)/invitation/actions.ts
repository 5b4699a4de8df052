"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import type { FormState } from "@/components/forms/form-state";
import { issueDeviceCookie } from "@/lib/auth/device-cookie";
import { requestMeta, writeSessionCookie } from "@/lib/auth/session";
import { browserCookies } from "@/lib/auth/session/next";
import { validate } from "@/lib/http";
import { acceptInvitation } from "@/lib/users/invitation";
import { AcceptInvitationSchema } from "@/lib/validation";

/** Sets the invited account's first password with the link's token, then signs the person in. */
export async function acceptInvitationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["token"]);
  const meta = requestMeta(await headers());
  let signedIn;
  let deviceCookie;
  try {
    const input = validate(AcceptInvitationSchema, { token: values.token, password: formData.get("password") });
    // The sessions this browser's cookies carried (anyone's) are replaced, as at a sign-in.
    signedIn = await acceptInvitation(input, meta, await browserCookies());
    // The person just chose the password in this browser, like a sign-in: it gets its device budget.
    deviceCookie = issueDeviceCookie(signedIn.userId, meta.deviceCookie);
  } catch (error) {
    return actionErrorState(
      error,
      values,
      { invalid_token: "This invitation has expired or was already used. Ask your administrator for a new one." },
      { href: "/login", label: "Already chose your password? Sign in" },
    );
  }
  for (const cookie of [...signedIn.cookies, deviceCookie]) await writeSessionCookie(cookie);
  redirect("/account?notice=activated");
}
