import type { Db } from "../db";

/**
 * The consumer's ledger (ProcessedMessage): a message id recorded here was delivered, so a
 * redelivery (a relay republishing after a crash, a broker redelivering unacked messages) is
 * acknowledged without sending again.
 */
export async function wasProcessed(db: Db, messageId: string): Promise<boolean> {
  const row = await db.processedMessage.findUnique({ where: { messageId }, select: { messageId: true } });
  return row !== null;
}

export async function recordProcessed(db: Db, messageId: string, result: string): Promise<void> {
  await db.processedMessage.createMany({ data: [{ messageId, result }], skipDuplicates: true });
}
