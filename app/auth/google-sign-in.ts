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
import { config } from "@/lib/config";
import { logger } from "@/lib/log";

/**
 * Starts the Google flow (redirects the browser to Google's consent screen). Auth.js links the
 * Google identity to whoever the session cookie names, so a cookie whose session was revoked is
 * dropped first: it must neither link nor block a fresh sign-in. `reauthenticate` asks Google to
 * make the person sign in again (`prompt=login`, `max_age=0`) rather than reuse its session: the
 * step-up for accounts without a password. A provider that cannot be reached lands on the
 * friendly error page instead of an error screen.
 */
export async function startGoogleSignIn(
  redirectTo: string,
  options: { reauthenticate?: boolean } = {},
): Promise<never> {
  if (!config.google) redirect(googleErrorPath("google_unavailable"));
  const current = (await cookies()).get(SESSION_COOKIE_NAME)?.value;
  if (current && !(await authenticateCookieValue(current))) await writeSessionCookie(clearedSessionCookie());
  try {
    await signIn("google", { redirectTo }, options.reauthenticate ? { prompt: "login", max_age: "0" } : undefined);
  } catch (error) {
    unstable_rethrow(error);
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "google sign-in could not start");
  }
  redirect(googleErrorPath("provider_unavailable"));
}
