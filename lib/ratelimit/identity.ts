import { addressBucket } from "../http/client-ip";
import type { RateLimitIdentity } from "./types";

// One /64 rule for every per-address count (this limiter and failed sign-ins): lib/http/client-ip.ts.
export { addressBucket };

/** The bucket key of an identity: the user, or the client's address block (IPv6 per /64). */
export function identityKey(identity: RateLimitIdentity): string {
  if (identity.kind === "user") return `user:${identity.userId}`;
  return `ip:${addressBucket(identity.ip)}`;
}
