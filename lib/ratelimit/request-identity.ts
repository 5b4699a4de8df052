import { decodeAccessToken } from "../auth/api-tokens/access-token";
import { sessionCookieValue } from "../auth/session/authenticate";
import { decodeSessionToken } from "../auth/session/cookie";
import { bearerToken } from "../http/bearer";
import { clientIp } from "../http/client-ip";
import type { RateLimitIdentity } from "./types";

/** Finds the signed-in user a request claims to be, or null. Optimistic: handlers still check revocation. */
export type UserIdResolver = (headers: Headers) => Promise<string | null>;

export const sessionCookieUser: UserIdResolver = async (headers) => {
  const claims = await decodeSessionToken(sessionCookieValue(headers.get("cookie")));
  return claims?.sub ?? null;
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
