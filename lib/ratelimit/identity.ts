import { isIP } from "node:net";
import type { RateLimitIdentity } from "./types";

/**
 * The bucket key of an identity. IPv6 clients are counted per /64, the smallest block a single
 * subscriber is normally given: counting per address would give one host billions of budgets.
 */
export function identityKey(identity: RateLimitIdentity): string {
  if (identity.kind === "user") return `user:${identity.userId}`;
  return `ip:${addressBucket(identity.ip)}`;
}

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
