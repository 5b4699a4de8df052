import { clientIp } from "../../http/client-ip";
import { deviceCookieFromHeader } from "../device-cookie";

/**
 * Who is asking: recorded on session rows, audit events and used by brute-force limits.
 * `deviceCookie` is the raw device cookie the browser sent (../device-cookie.ts): a password
 * check for the account it was signed for spends that device's budget. It is a credential of
 * sorts: never record or log it.
 */
export type RequestMeta = { ip: string; userAgent: string; deviceCookie?: string | null };

const MAX_USER_AGENT = 512;

export function requestMeta(headers: Headers): RequestMeta {
  return {
    ip: clientIp(headers),
    userAgent: (headers.get("user-agent") ?? "").slice(0, MAX_USER_AGENT),
    deviceCookie: deviceCookieFromHeader(headers.get("cookie")),
  };
}
