import { randomUUID } from "node:crypto";
import { db, type Prisma } from "../db";
import { canonicalEvent } from "./chain";

/** What can append to the chain: the client itself, or an interactive transaction's client. */
export type AuditWriter = Pick<Prisma.TransactionClient, "$queryRaw">;

export type NewAuditEvent = {
  type: string;
  userId: string | null;
  actorId: string | null;
  ip: string;
  userAgent: string;
  data?: Prisma.InputJsonValue;
};

export type AppendedAuditEvent = { id: string; seq: bigint; createdAt: Date; prevHash: string; hash: string };

type AppendRow = { event_seq: bigint; prev_hash: string; event_hash: string };

/**
 * Appends one event to the chain in one round trip: append_audit_event takes the chain's lock,
 * reads the head's hash and inserts the event with its hash. Inside `tx` the lock is held until
 * that transaction ends, so an event that rolls back never becomes anyone's predecessor.
 */
export async function appendAuditEvent(event: NewAuditEvent, client: AuditWriter = db): Promise<AppendedAuditEvent> {
  const id = randomUUID();
  const createdAt = new Date();
  // The hash covers the data as the database will return it: a JSON round trip drops what JSON
  // cannot hold (undefined members, a Date's class) exactly as storing it does.
  const json = event.data === undefined ? null : JSON.stringify(event.data);
  const data: unknown = json === null ? null : JSON.parse(json);
  const canonical = canonicalEvent({ ...event, id, createdAt, data });
  const [row] = await client.$queryRaw<AppendRow[]>`
    SELECT * FROM append_audit_event(${id}, ${createdAt.toISOString()}::timestamp(3), ${event.type},
      ${event.userId}::text, ${event.actorId}::text, ${event.ip}, ${event.userAgent}, ${json}::jsonb, ${canonical})`;
  if (!row) throw new Error("append_audit_event returned no row");
  return { id, seq: row.event_seq, createdAt, prevHash: row.prev_hash, hash: row.event_hash };
}
