import { decodeAccessToken } from "../auth/api-tokens/access-token";
import { decodeAccounts } from "../auth/session/accounts-cookie";
import { ACTIVE_USER_HEADER, browserCookiesFromHeader } from "../auth/session/authenticate";
import { decodeSessionToken } from "../auth/session/cookie";
import { bearerToken } from "../http/bearer";
import { clientIp } from "../http/client-ip";
import type { RateLimitIdentity } from "./types";

/** Finds the signed-in user a request claims to be, or null. Optimistic: handlers still check revocation. */
export type UserIdResolver = (headers: Headers) => Promise<string | null>;

/**
 * The browser's active account, or the one `X-Active-User` names when it is among the accounts
 * signed in in that browser: each account spends its own budget, as if it were alone.
 */
export const sessionCookieUser: UserIdResolver = async (headers) => {
  const browser = browserCookiesFromHeader(headers.get("cookie"));
  const active = (await decodeSessionToken(browser.session))?.sub ?? null;
  const actingAs = headers.get(ACTIVE_USER_HEADER)?.trim();
  if (!actingAs || actingAs === active) return active;
  const other = (await decodeAccounts(browser.accounts)).some((entry) => entry.sub === actingAs);
  return other ? actingAs : active;
};

export const bearerTokenUser: UserIdResolver = async (headers) => {
  const token = bearerToken(headers.get("authorization"));
  return token ? ((await decodeAccessToken(token))?.sub ?? null) : null;
};

/**
 * How a request proves who it is, tried in order (a Bearer token first: it decides alone in the
 * handlers too); a credential that does not decode counts as anonymous.
 */
export const userIdResolvers: readonly UserIdResolver[] = [bearerTokenUser, sessionCookieUser];

export async function requestIdentity(
  headers: Headers,
  resolvers: readonly UserIdResolver[] = userIdResolvers,
): Promise<RateLimitIdentity> {
  for (const resolve of resolvers) {
    const userId = await resolve(headers);
    if (userId) return { kind: "user", userId };
  }
  return { kind: "anonymous", ip: clientIp(headers) };
}
