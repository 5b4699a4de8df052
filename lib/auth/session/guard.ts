import { AppError } from "../../errors";
import { isCrossSiteRequest } from "../../http/origin";
import { authenticateRequest, type CurrentSession } from "./authenticate";
import { withSessionCookie } from "./set-cookie";

/** Refuses a state-changing request a browser sent from another site (the shared CSRF rule). */
export function assertSameSite(request: Request): void {
  if (isCrossSiteRequest(request.headers, request.method)) {
    throw new AppError("cross_site_request", "Cross-site requests cannot change anything here.");
  }
}

/** The caller's session, or 401. Mutating methods are also checked for cross-site origin (403). */
export async function requireRequestSession(request: Request): Promise<CurrentSession> {
  assertSameSite(request);
  const session = await authenticateRequest(request);
  if (!session) throw new AppError("unauthorized", "Sign in to continue.");
  return session;
}

/** Attaches a sliding-renewal cookie to the response when the session's cookie was re-issued. */
export function withRenewal(response: Response, session: CurrentSession): Response {
  return withSessionCookie(response, session.renewedCookie);
}
