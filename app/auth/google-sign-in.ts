import "server-only";
import { cookies } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { googleErrorPath } from "@/lib/oauth/google";
import { signIn } from "@/lib/oauth/nextauth";
import {
  authenticateCookieValue,
  clearedSessionCookie,
  SESSION_COOKIE_NAME,
  writeSessionCookie,
} from "@/lib/auth/session";
import { parkActiveAccount } from "@/lib/auth/session/browser";
import { browserCookies } from "@/lib/auth/session/next";
import { addAccountMarker } from "@/lib/oauth/add-account-marker";
import { isAppError } from "@/lib/errors";
import { config } from "@/lib/config";
import { logger } from "@/lib/log";

/**
 * Starts the Google flow (redirects the browser to Google's consent screen). Auth.js links the
 * Google identity to whoever the session cookie names, so a cookie whose session was revoked is
 * dropped first: it must neither link nor block a fresh sign-in. `reauthenticate` asks Google to
 * make the person sign in again (`prompt=login`, `max_age=0`) rather than reuse its session: the
 * step-up for accounts without a password. A provider that cannot be reached lands on the
 * friendly error page instead of an error screen. `addAccount` ("Add another account") first moves
 * the active account beside the browser's other accounts, so Google signs in a new one rather than
 * linking to it, and marks the flow so that the callback keeps them all.
 */
export async function startGoogleSignIn(
  redirectTo: string,
  options: { reauthenticate?: boolean; addAccount?: boolean } = {},
): Promise<never> {
  if (!config.google) redirect(googleErrorPath("google_unavailable"));
  const store = await cookies();
  if (options.addAccount) {
    const parked = await parkActiveAccount(await browserCookies()).catch((error: unknown) => {
      if (isAppError(error) && error.code === "too_many_accounts")
        redirect("/login?addAccount=1&notice=too-many-accounts");
      throw error;
    });
    for (const cookie of parked) await writeSessionCookie(cookie);
    const marker = addAccountMarker(true);
    store.set(marker.name, marker.value, marker.options);
  } else {
    const current = store.get(SESSION_COOKIE_NAME)?.value;
    if (current && !(await authenticateCookieValue(current))) await writeSessionCookie(clearedSessionCookie());
  }
  try {
    await signIn("google", { redirectTo }, options.reauthenticate ? { prompt: "login", max_age: "0" } : undefined);
  } catch (error) {
    unstable_rethrow(error);
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "google sign-in could not start");
  }
  redirect(googleErrorPath("provider_unavailable"));
}
