"use server";

import { afterSignInPath } from "@/lib/http/safe-redirect";
import { startGoogleSignIn } from "./google-sign-in";

/**
 * "Continue with Google" on /login and /register: sign in or sign up, then go to `callbackUrl`;
 * with `addAccount=1`, beside the accounts already signed in in this browser.
 */
export async function continueWithGoogleAction(formData: FormData): Promise<void> {
  await startGoogleSignIn(afterSignInPath(formData.get("callbackUrl")), {
    addAccount: formData.get("addAccount") === "1",
  });
}
