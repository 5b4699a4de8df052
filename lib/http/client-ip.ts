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

/**
 * The block an address is counted in by per-address limits (the rate limiter, failed sign-ins):
 * IPv4 addresses on their own, IPv6 per /64, the smallest block a single subscriber is normally
 * given: counting per IPv6 address would give one host billions of budgets.
 */
export function addressBucket(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(ip: string): string[] {
  const [head = "", tail] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 style) takes two groups; it only matters past /64.
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(Math.max(0, tail === undefined ? 0 : missing)).fill("0"), ...right];
  return groups.map((group) => group.toLowerCase().replace(/^0+(?=.)/, ""));
}

/** Whether a (normalised) address is this machine's own: 127.0.0.0/8 or ::1. */
export function isLoopbackAddress(ip: string): boolean {
  return ip === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}
