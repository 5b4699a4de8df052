import { isIP } from "node:net";
import { config } from "../config";

/** Returned when no usable address is known (never a value a client can choose). */
export const UNKNOWN_CLIENT_IP = "unknown";

/**
 * The client's address. `npm start` (server.ts) appends the socket address to
 * `X-Forwarded-For`, so the last entry is always the peer that connected to us and each trusted
 * reverse proxy in front adds one more entry on the right. With `trustedProxyCount` proxies the
 * client is therefore the entry that many places left of the last one; anything further left was
 * written by the client and is ignored, so a spoofed header cannot change the answer.
 */
export function clientIp(headers: Headers, trustedProxyCount = config.trustedProxyCount): string {
  const entries = forwardedEntries(headers.get("x-forwarded-for"));
  if (entries.length === 0) return UNKNOWN_CLIENT_IP;
  // Fewer entries than proxies: the request bypassed part of the chain; the leftmost entry is
  // still one a trusted hop wrote (every hop appends), never one the client could add on its own.
  const index = Math.max(0, entries.length - 1 - trustedProxyCount);
  return normalizeIp(entries[index]!) ?? UNKNOWN_CLIENT_IP;
}

/**
 * The X-Forwarded-For our server hands to Next: whatever arrived, then the socket address of the
 * peer that connected (`npm start`, server.ts). Appending, never replacing, keeps the entries
 * trusted proxies wrote; the socket address is the one entry no client can forge.
 */
export function forwardedForWithPeer(existing: string | string[] | undefined, peer: string | undefined): string {
  const chain = (Array.isArray(existing) ? existing.join(", ") : (existing ?? "")).trim();
  const address = peer ?? UNKNOWN_CLIENT_IP;
  return chain === "" ? address : `${chain}, ${address}`;
}

function forwardedEntries(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/**
 * Canonical text of an address: strips brackets, ports and the IPv4-mapped IPv6 prefix
 * (`::ffff:203.0.113.9` is the same client as `203.0.113.9`); null when it is not an address.
 */
export function normalizeIp(value: string): string | null {
  let candidate = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(":"));
  candidate = candidate.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(candidate);
  if (mapped) candidate = mapped[1]!;
  return isIP(candidate) === 0 ? null : candidate;
}
