import { clientIp } from "../../http/client-ip";

/** Who is asking: recorded on session rows, audit events and used by brute-force limits. */
export type RequestMeta = { ip: string; userAgent: string };

const MAX_USER_AGENT = 512;

export function requestMeta(headers: Headers): RequestMeta {
  return { ip: clientIp(headers), userAgent: (headers.get("user-agent") ?? "").slice(0, MAX_USER_AGENT) };
}
