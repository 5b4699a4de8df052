import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

// The audit trail's hash chain: what an event's hash covers, written once for the append
// (append_audit_event in prisma/migrations/…_append_audit_event), the backlog seal and the verifier.

/** The `prevHash` of the first event in the chain (the SQL function uses the same value). */
export const GENESIS_HASH = "0".repeat(64);

/** The fields of an event that its hash covers; everything else (seq, prevHash, hash) is chain bookkeeping. */
export type ChainedEvent = {
  id: string;
  /** Millisecond precision: the column is TIMESTAMP(3), and the hash must survive the round trip. */
  createdAt: Date;
  type: string;
  actorId: string | null;
  userId: string | null;
  ip: string;
  userAgent: string;
  /** JSON as the database returns it (null when there is none). */
  data: unknown;
};

/**
 * The event's canonical JSON (RFC 8785, JSON Canonicalization Scheme): keys sorted, no
 * whitespace, numbers and strings in one spelling. Exactly these keys:
 * `{actorId, at, data, id, ip, type, userAgent, userId}`, `at` as an ISO 8601 UTC timestamp with
 * milliseconds, absent values as null. Changing this set breaks every existing hash.
 */
export function canonicalEvent(event: ChainedEvent): string {
  const canonical = canonicalize({
    id: event.id,
    at: event.createdAt.toISOString(),
    type: event.type,
    actorId: event.actorId,
    userId: event.userId,
    ip: event.ip,
    userAgent: event.userAgent,
    data: event.data ?? null,
  });
  // Only undefined input canonicalizes to undefined; an object never does.
  return canonical!;
}

/** hex(sha256(prevHash ‖ canonical)): what append_audit_event computes in SQL. */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash("sha256")
    .update(prevHash + canonical, "utf8")
    .digest("hex");
}
