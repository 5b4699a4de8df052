import { sessionCookieValue } from "../auth/session/authenticate";
import { decodeSessionToken } from "../auth/session/cookie";
import { clientIp } from "../http/client-ip";
import type { RateLimitIdentity } from "./types";

/** Finds the signed-in user a request claims to be, or null. Optimistic: handlers still check revocation. */
export type UserIdResolver = (headers: Headers) => Promise<string | null>;

export const sessionCookieUser: UserIdResolver = async (headers) => {
  const claims = await decodeSessionToken(sessionCookieValue(headers.get("cookie")));
  return claims?.sub ?? null;
};

/**
 * How a request proves who it is, tried in order. A Bearer access-token resolver goes here
 * when those tokens exist; a credential that does not decode counts as anonymous.
 */
export const userIdResolvers: readonly UserIdResolver[] = [sessionCookieUser];

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
