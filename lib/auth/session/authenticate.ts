import { config } from "../../config";
import { logger } from "../../log";
import { decodeSessionToken, SESSION_COOKIE_NAME, type SessionClaims } from "./cookie";
import { buildSessionCookie, touchSession, type SessionCookie } from "./registry";
import { lookupSession, sessionTokenHash } from "./store";

export type CurrentSession = {
  userId: string;
  /** Session row id (public; what /api/v1/auth/sessions lists). */
  sessionId: string;
  /** The random id inside the cookie (secret; its hash keys the row). */
  sid: string;
  absoluteExpiresAt: Date;
  /** When the person last proved who they are in this session (see ./step-up.ts). */
  authenticatedAt: Date;
  via: "cookie";
  /** Set when sliding renewal re-issued the cookie: the response must carry it. */
  renewedCookie: SessionCookie | null;
};

/** Activity is written to the registry at most this often per session (lastSeenAt, idle expiry). */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;
/** The cookie is re-issued (sliding renewal) once it is this old. */
export const RENEW_AFTER_SECONDS = Math.max(60, Math.min(86_400, Math.floor(config.auth.sessionIdleSeconds / 7)));

/** The session cookie's value from a Cookie header, if present. */
export function sessionCookieValue(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === SESSION_COOKIE_NAME) return part.slice(index + 1).trim();
  }
  return null;
}

/**
 * Resolves a session cookie value: decrypts it (cached), checks the registry (Redis, database
 * fallback), records activity and re-issues the cookie when renewal is due. Null when the cookie
 * is missing, forged, expired or revoked.
 */
export async function authenticateCookieValue(value: string | null | undefined): Promise<CurrentSession | null> {
  const claims = value ? await decodeSessionToken(value) : null;
  return claims ? authenticateClaims(claims) : null;
}

/** Whether sliding renewal is due for a cookie with these claims (it was issued long enough ago). */
export function isRenewalDue(claims: SessionClaims, now = Date.now()): boolean {
  return claims.iat !== undefined && now / 1000 - claims.iat >= RENEW_AFTER_SECONDS;
}

/** The registry half of authenticateCookieValue, for callers that already decrypted the cookie. */
export async function authenticateClaims(claims: SessionClaims): Promise<CurrentSession | null> {
  const tokenHash = sessionTokenHash(claims.sid);
  const record = await lookupSession(tokenHash);
  if (!record || record.userId !== claims.sub) return null;
  const session: CurrentSession = {
    userId: record.userId,
    sessionId: record.id,
    sid: claims.sid,
    absoluteExpiresAt: new Date(record.aexp),
    // Records cached before this field existed count as long ago: the person re-authenticates.
    authenticatedAt: new Date(record.auth ?? 0),
    via: "cookie",
    renewedCookie: null,
  };
  const now = Date.now();
  const renewDue = isRenewalDue(claims, now);
  if (renewDue || now - record.seen >= TOUCH_INTERVAL_MS) {
    try {
      const touched = await touchSession(tokenHash, record);
      if (!touched) return null;
      if (renewDue)
        session.renewedCookie = await buildSessionCookie(
          record.userId,
          claims.sid,
          touched.expires,
          session.absoluteExpiresAt,
        );
    } catch (error) {
      // Activity tracking must not sign anyone out; the next request tries again.
      logger.warn({ err: (error as Error).message }, "session activity could not be recorded");
    }
  }
  return session;
}

/** The session of a route-handler request (session cookie), or null. */
export async function authenticateRequest(request: Request): Promise<CurrentSession | null> {
  return authenticateCookieValue(sessionCookieValue(request.headers.get("cookie")));
}
