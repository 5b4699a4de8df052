import { SESSION_COOKIE_NAME, decodeSessionToken } from "../auth/session/cookie";
import { clientIp } from "../http/client-ip";
import type { RateLimitIdentity } from "./types";

/** Finds the signed-in user a request claims to be, or null. Optimistic: handlers still check revocation. */
export type UserIdResolver = (headers: Headers) => Promise<string | null>;

export const sessionCookieUser: UserIdResolver = async (headers) => {
  const claims = await decodeSessionToken(readCookie(headers, SESSION_COOKIE_NAME));
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

export function readCookie(headers: Headers, name: string): string | null {
  const header = headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return null;
}
