import { AppError } from "../../errors";
import { isCrossSiteRequest } from "../../http/origin";
import { bearerToken } from "../../http/bearer";
import { authenticateRequest, type CurrentSession } from "./authenticate";
import { withSessionCookie } from "./set-cookie";

/** Refuses a state-changing request a browser sent from another site (the shared CSRF rule). */
export function assertSameSite(request: Request): void {
  if (isCrossSiteRequest(request.headers, request.method)) {
    throw new AppError("cross_site_request", "Cross-site requests cannot change anything here.");
  }
}

/** Whether the request authenticates with `Authorization: Bearer` (then cookies play no part in it). */
export function isBearerRequest(request: Request): boolean {
  return bearerToken(request.headers.get("authorization")) !== null;
}

/**
 * The one guard of every authenticated route handler: the caller, by access token (Bearer) or
 * session cookie, or 401. A cookie-authenticated mutation must come from our own origin (403);
 * a Bearer request carries no ambient credential, so that rule does not apply to it.
 */
export async function authenticate(request: Request): Promise<CurrentSession> {
  const bearer = isBearerRequest(request);
  if (!bearer) assertSameSite(request);
  const session = await authenticateRequest(request);
  if (!session) {
    throw new AppError(
      "unauthorized",
      bearer ? "The access token is invalid, expired or revoked." : "Sign in to continue.",
      undefined,
      bearer ? { "www-authenticate": 'Bearer error="invalid_token"' } : { "www-authenticate": "Bearer" },
    );
  }
  return session;
}

/** Attaches a sliding-renewal cookie to the response when the session's cookie was re-issued. */
export function withRenewal(response: Response, session: CurrentSession): Response {
  return withSessionCookie(response, session.renewedCookie);
}
