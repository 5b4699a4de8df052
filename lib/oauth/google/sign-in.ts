import { logger } from "../../log";
import { decideGoogleSignIn, gatherGoogleSignInFacts } from "./linking";
import { googleUserFromClaims, type GoogleClaims } from "./profile";

/** Where a refused Google sign-in lands: the friendly page explains the reason. */
export function googleErrorPath(reason: string): string {
  return `/auth/error?error=${encodeURIComponent(reason)}`;
}

/**
 * Auth.js's signIn callback for Google: `true` to go on (sign in, link or create, which Auth.js
 * then does through our adapter), or the path of the friendly error page when the linking rule
 * refuses. `sessionCookie` is the browser's session cookie on the callback request, if any.
 */
export async function authorizeGoogleSignIn(
  profile: GoogleClaims | undefined,
  sessionCookie: string | null | undefined,
): Promise<true | string> {
  let google;
  try {
    google = googleUserFromClaims(profile ?? {});
  } catch {
    return googleErrorPath("email_missing");
  }
  const decision = decideGoogleSignIn(await gatherGoogleSignInFacts(google, sessionCookie));
  if (decision.action === "refuse") {
    logger.info({ reason: decision.reason }, "google sign-in refused");
    return googleErrorPath(decision.reason);
  }
  return true;
}
