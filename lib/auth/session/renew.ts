import { authenticateClaims, isRenewalDue, sessionCookieValue } from "./authenticate";
import { decodeSessionToken } from "./cookie";
import type { SessionCookie } from "./registry";

/**
 * Sliding renewal for page loads. Server components cannot write cookies, so the proxy calls
 * this on page navigations: when the cookie is old enough to be re-issued it checks the session
 * (registry lookup, activity recorded) and returns the new cookie; otherwise it only decrypts
 * the cookie (cached per value) and returns null, so the common case costs no I/O.
 */
export async function renewSessionCookieIfDue(cookieHeader: string | null): Promise<SessionCookie | null> {
  const value = sessionCookieValue(cookieHeader);
  if (!value) return null;
  const claims = await decodeSessionToken(value);
  if (!claims || !isRenewalDue(claims)) return null;
  const session = await authenticateClaims(claims);
  return session?.renewedCookie ?? null;
}

/** The Cookie header with the session cookie's value replaced, so the page renders with the new one. */
export function withSessionCookieValue(cookieHeader: string, cookie: SessionCookie): string {
  return cookieHeader
    .split(";")
    .map((part) => (part.trim().startsWith(`${cookie.name}=`) ? ` ${cookie.name}=${cookie.value}` : part))
    .join(";")
    .trim();
}
