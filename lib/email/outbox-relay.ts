import type { ConfirmChannel } from "amqplib";
import type { Db } from "../db";
import { publishConfirmed } from "../queue/publish";
import { EXPIRES_AT_HEADER, expirationProperty } from "./expiry";
import { EMAIL_MESSAGE_TYPE } from "./messages";
import { ATTEMPT_HEADER, EMAIL_QUEUE } from "./retry-policy";

/** Outbox `type` → RabbitMQ queue. Rows of types missing from the table stay in the outbox untouched. */
export type OutboxRoutes = Readonly<Record<string, string>>;

/** The email pipeline's own route; the worker adds the routes of the other consumers. */
export const EMAIL_OUTBOX_ROUTES: OutboxRoutes = { [EMAIL_MESSAGE_TYPE]: EMAIL_QUEUE };

/** What `lastError` says of a row that expired before it could be published (it never will be). */
export const EXPIRED_UNPUBLISHED = "expired before it was published: never sent";

type PendingRow = { id: string; type: string; payload: unknown; createdAt: Date; expiresAt: Date | null };

export type RelayResult = { published: number; failed: number; expired: number };

/**
 * Publishes one batch of pending outbox rows and marks them published, in one transaction.
 * `FOR UPDATE SKIP LOCKED` lets several relays run at once without publishing a row twice: each
 * locks its own rows until it commits. A relay that dies after the broker confirmed but before
 * the commit republishes the batch; consumers skip ids already in their ledger.
 *
 * A row with an `expiresAt` travels with it (header, and the per-message `expiration` RabbitMQ
 * enforces); a row already past it is not published but closed (`publishedAt` set, `lastError`
 * saying it expired), so it is neither sent late nor retried forever.
 */
export async function relayOutboxBatch(
  db: Db,
  channel: ConfirmChannel,
  options: { routes?: OutboxRoutes; batchSize?: number } = {},
): Promise<RelayResult> {
  const routes = options.routes ?? EMAIL_OUTBOX_ROUTES;
  const batchSize = options.batchSize ?? 200;
  const { routed, returned, expired } = await db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<PendingRow[]>`
        SELECT "id", "type", "payload", "createdAt", "expiresAt" FROM "OutboxMessage"
        WHERE "publishedAt" IS NULL AND "type" = ANY(${Object.keys(routes)})
        ORDER BY "createdAt"
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`;
      const now = Date.now();
      const live: PendingRow[] = [];
      const expired: string[] = [];
      for (const row of rows) {
        if (row.expiresAt !== null && row.expiresAt.getTime() <= now) expired.push(row.id);
        else live.push(row);
      }
      if (expired.length > 0) {
        await tx.outboxMessage.updateMany({
          where: { id: { in: expired } },
          data: { publishedAt: new Date(now), lastError: EXPIRED_UNPUBLISHED },
        });
      }
      if (live.length === 0) return { routed: [], returned: [], expired };
      const result = await publishConfirmed(
        channel,
        live.map((row) => {
          const expiration = row.expiresAt ? expirationProperty(row.expiresAt.getTime() - now) : undefined;
          return {
            queue: routes[row.type] as string,
            body: Buffer.from(JSON.stringify(row.payload)),
            options: {
              messageId: row.id,
              type: row.type,
              contentType: "application/json",
              timestamp: Math.floor(row.createdAt.getTime() / 1000),
              headers: {
                [ATTEMPT_HEADER]: 1,
                ...(row.expiresAt ? { [EXPIRES_AT_HEADER]: row.expiresAt.toISOString() } : {}),
              },
              ...(expiration ? { expiration } : {}),
            },
          };
        }),
      );
      if (result.routed.length > 0) {
        await tx.outboxMessage.updateMany({ where: { id: { in: result.routed } }, data: { publishedAt: new Date() } });
      }
      return { ...result, expired };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  if (returned.length > 0) {
    await db.outboxMessage.updateMany({
      where: { id: { in: returned } },
      data: { attempts: { increment: 1 }, lastError: "unroutable: no queue bound for this type" },
    });
  }
  return { published: routed.length, failed: returned.length, expired: expired.length };
}

/** How many rows wait to be published (for logs and readiness). */
export async function pendingOutboxCount(db: Db, routes: OutboxRoutes = EMAIL_OUTBOX_ROUTES): Promise<number> {
  return db.outboxMessage.count({ where: { publishedAt: null, type: { in: Object.keys(routes) } } });
}
