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
 * `secondStep`, for a sign-in into an existing account (linked, or linked automatically by a
 * verified email), may answer a path to go to instead of signing in (the account's second
 * factor, lib/oauth/nextauth.ts): then nothing is signed in or linked by this callback.
 */
export async function authorizeGoogleSignIn(
  profile: GoogleClaims | undefined,
  sessionCookie: string | null | undefined,
  secondStep?: (userId: string) => Promise<string | null>,
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
  // Linking from a signed-in, recently confirmed session is not a sign-in: that session stands.
  const signsIn = decision.action === "sign_in" || (decision.action === "link" && decision.automatic);
  if (signsIn && secondStep) return (await secondStep(decision.userId)) ?? true;
  return true;
}
