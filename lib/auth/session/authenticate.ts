import { config } from "../../config";
import { logger } from "../../log";
import { bearerToken } from "../../http/bearer";
import { decodeAccessToken } from "../api-tokens/access-token";
import { ACCOUNTS_COOKIE_NAME, decodeAccounts } from "./accounts-cookie";
import { decodeSessionToken, SESSION_COOKIE_NAME, type SessionClaims } from "./cookie";
import { buildSessionCookie, touchSession, type SessionCookie } from "./registry";
import { familyTokenHash, lookupSession, sessionTokenHash, type SessionRecord } from "./store";

/** Who is calling: a browser session (cookie) or a third-party client's token family (Bearer). */
export type CurrentSession = {
  userId: string;
  /** Session row id (public; what /api/v1/auth/sessions lists): the session, or the token family. */
  sessionId: string;
  /** The registry key of the row (the SHA-256 of the cookie's secret session id, or of the family). */
  tokenHash: string;
  absoluteExpiresAt: Date;
  /** When the person last proved who they are in this session (see ./step-up.ts). */
  authenticatedAt: Date;
  via: "cookie" | "bearer";
  /** Set when sliding renewal re-issued the cookie: the response must carry it. */
  renewedCookie: SessionCookie | null;
};

/** Activity is written to the registry at most this often per session (lastSeenAt, idle expiry). */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;
/** The cookie is re-issued (sliding renewal) once it is this old. */
export const RENEW_AFTER_SECONDS = Math.max(60, Math.min(86_400, Math.floor(config.auth.sessionIdleSeconds / 7)));

/** A cookie's value from a Cookie header, if present. */
export function cookieValue(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

/** The session cookie's value from a Cookie header, if present. */
export function sessionCookieValue(cookieHeader: string | null): string | null {
  return cookieValue(cookieHeader, SESSION_COOKIE_NAME);
}

/**
 * The header a cookie-authenticated request names the account it acts as with: one of those signed
 * in in that browser (./browser.ts). Without it, the active account acts.
 */
export const ACTIVE_USER_HEADER = "x-active-user";

/** A browser's two session cookies: the active account's session, and the other accounts' (./accounts-cookie.ts). */
export type BrowserCookies = { session: string | null; accounts: string | null };

export function browserCookiesFromHeader(cookieHeader: string | null): BrowserCookies {
  return { session: sessionCookieValue(cookieHeader), accounts: cookieValue(cookieHeader, ACCOUNTS_COOKIE_NAME) };
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

function currentSession(record: SessionRecord, tokenHash: string, via: CurrentSession["via"]): CurrentSession {
  return {
    userId: record.userId,
    sessionId: record.id,
    tokenHash,
    absoluteExpiresAt: new Date(record.aexp),
    // Records cached before this field existed count as long ago: the person re-authenticates.
    authenticatedAt: new Date(record.auth ?? 0),
    via,
    renewedCookie: null,
  };
}

/** The registry half of authenticateCookieValue, for callers that already decrypted the cookie. */
export async function authenticateClaims(claims: SessionClaims): Promise<CurrentSession | null> {
  const tokenHash = sessionTokenHash(claims.sid);
  const record = await lookupSession(tokenHash);
  if (!record || record.kind === "api" || record.userId !== claims.sub) return null;
  const session = currentSession(record, tokenHash, "cookie");
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

/**
 * Resolves an access token (../api-tokens/access-token.ts): ours, unexpired, and its family live in
 * the registry (Redis, database fallback), exactly as a cookie's session is checked. Records when
 * the family was last used, at most every few minutes. Null otherwise.
 */
export async function authenticateAccessToken(token: string): Promise<CurrentSession | null> {
  const claims = await decodeAccessToken(token);
  if (!claims) return null;
  const tokenHash = familyTokenHash(claims.fid);
  const record = await lookupSession(tokenHash);
  if (!record || record.kind !== "api" || record.userId !== claims.sub) return null;
  if (Date.now() - record.seen >= TOUCH_INTERVAL_MS) {
    try {
      if (!(await touchSession(tokenHash, record))) return null;
    } catch (error) {
      logger.warn({ err: (error as Error).message }, "token family activity could not be recorded");
    }
  }
  return currentSession(record, tokenHash, "bearer");
}

/**
 * The live session of `userId` among the accounts signed in in this browser (the active one or
 * another), or null when that account is not signed in here (or its session is dead).
 */
export async function authenticateBrowserAccount(
  browser: BrowserCookies,
  userId: string,
): Promise<CurrentSession | null> {
  const active = await decodeSessionToken(browser.session);
  if (active?.sub === userId) return authenticateClaims(active);
  const entry = (await decodeAccounts(browser.accounts)).find((candidate) => candidate.sub === userId);
  return entry ? authenticateClaims(entry) : null;
}

/**
 * Who a route-handler request comes from: with an `Authorization: Bearer` header, the access
 * token alone decides (a cookie beside it is ignored, so a Bearer request can never borrow a
 * browser's session); without one, the session cookie: the active account's, or the one
 * `X-Active-User` names among the accounts signed in in that browser. Null when none of that is
 * valid, and when `X-Active-User` names anyone else (a token acts for its own user only).
 */
export async function authenticateRequest(request: Request): Promise<CurrentSession | null> {
  const actingAs = request.headers.get(ACTIVE_USER_HEADER);
  const bearer = bearerToken(request.headers.get("authorization"));
  if (bearer !== null) {
    const session = await authenticateAccessToken(bearer);
    return session && (actingAs === null || actingAs.trim() === session.userId) ? session : null;
  }
  const cookieHeader = request.headers.get("cookie");
  if (actingAs === null) return authenticateCookieValue(sessionCookieValue(cookieHeader));
  return authenticateBrowserAccount(browserCookiesFromHeader(cookieHeader), actingAs.trim());
}
