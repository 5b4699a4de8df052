import type { ConfirmChannel } from "amqplib";
import type { Db } from "../db";
import { EMAIL_MESSAGE_TYPE } from "./messages";
import { ATTEMPT_HEADER, EMAIL_QUEUE } from "./retry-policy";
import { publishConfirmed } from "../queue/publish";

/** Outbox `type` → RabbitMQ queue. Rows of other types stay in the outbox untouched. */
export const OUTBOX_ROUTES: Record<string, string> = { [EMAIL_MESSAGE_TYPE]: EMAIL_QUEUE };
const ROUTED_TYPES = Object.keys(OUTBOX_ROUTES);

type PendingRow = { id: string; type: string; payload: unknown; createdAt: Date };

export type RelayResult = { published: number; failed: number };

/**
 * Publishes one batch of pending outbox rows and marks them published, in one transaction.
 * `FOR UPDATE SKIP LOCKED` lets several relays run at once without publishing a row twice: each
 * locks its own rows until it commits. A relay that dies after the broker confirmed but before
 * the commit republishes the batch; consumers skip ids already in their ledger.
 */
export async function relayOutboxBatch(db: Db, channel: ConfirmChannel, batchSize = 200): Promise<RelayResult> {
  const { routed, returned } = await db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<PendingRow[]>`
        SELECT "id", "type", "payload", "createdAt" FROM "OutboxMessage"
        WHERE "publishedAt" IS NULL AND "type" = ANY(${ROUTED_TYPES})
        ORDER BY "createdAt"
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return { routed: [], returned: [] };
      const result = await publishConfirmed(
        channel,
        rows.map((row) => ({
          queue: OUTBOX_ROUTES[row.type] as string,
          body: Buffer.from(JSON.stringify(row.payload)),
          options: {
            messageId: row.id,
            type: row.type,
            contentType: "application/json",
            timestamp: Math.floor(row.createdAt.getTime() / 1000),
            headers: { [ATTEMPT_HEADER]: 1 },
          },
        })),
      );
      if (result.routed.length > 0) {
        await tx.outboxMessage.updateMany({ where: { id: { in: result.routed } }, data: { publishedAt: new Date() } });
      }
      return result;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  if (returned.length > 0) {
    await db.outboxMessage.updateMany({
      where: { id: { in: returned } },
      data: { attempts: { increment: 1 }, lastError: "unroutable: no queue bound for this type" },
    });
  }
  return { published: routed.length, failed: returned.length };
}

/** How many rows wait to be published (for logs and readiness). */
export async function pendingOutboxCount(db: Db): Promise<number> {
  return db.outboxMessage.count({ where: { publishedAt: null, type: { in: ROUTED_TYPES } } });
}
