import type { JobContext, JobResult } from "./types";

/**
 * Keeps the outbox and the consumer ledger small. A ledger row only matters while its message
 * can still be redelivered (retries last under an hour), and a published outbox row is history
 * (so is a row the relay closed because it expired first: `publishedAt` is set on those too);
 * both are kept 14 days for investigation. Unpublished outbox rows are never deleted.
 */
export const MESSAGE_RETENTION_DAYS = 14;

export async function purgeMessageLedger({ db, now }: JobContext): Promise<JobResult> {
  const cutoff = new Date(now.getTime() - MESSAGE_RETENTION_DAYS * 86_400_000);
  const outbox = await db.outboxMessage.deleteMany({ where: { publishedAt: { lt: cutoff } } });
  const ledger = await db.processedMessage.deleteMany({ where: { processedAt: { lt: cutoff } } });
  return { outboxDeleted: outbox.count, ledgerDeleted: ledger.count };
}
