import type { Prisma } from "../db";
import { db as defaultDb } from "../db";
import { EMAIL_MESSAGE_TYPE, type EmailMessage } from "./messages";
import { sealEmail } from "./seal";

type Writer = Pick<Prisma.TransactionClient, "outboxMessage">;

/**
 * Writes one outbox row of `type` (the relay routes it to that type's queue). Pass the
 * transaction client of the change that causes the message, so the message exists if and only
 * if the change commits. `expiresAt`: after it, the relay never publishes the row and a consumer
 * never acts on it. Returns the outbox id (the message id on the broker).
 */
export async function enqueueOutboxMessage(
  type: string,
  payload: Prisma.InputJsonObject,
  tx: Writer = defaultDb,
  options: { expiresAt?: Date } = {},
): Promise<string> {
  const row = await tx.outboxMessage.create({
    data: { type, payload, expiresAt: options.expiresAt ?? null },
    select: { id: true },
  });
  return row.id;
}

/**
 * Queues an email. The row holds the sealed message (./seal.ts): the data (links, names) is
 * encrypted to the worker's key set, so no live token sits in plain text in the outbox or on the
 * broker. `expiresAt` is when the message stops being worth sending (the expiry of the link it
 * carries): it is never sent after. Returns the outbox id, which is also the email's idempotency key.
 */
export async function enqueueEmail(
  message: EmailMessage,
  tx: Writer = defaultDb,
  options: { expiresAt?: Date } = {},
): Promise<string> {
  const payload = await sealEmail(message);
  return enqueueOutboxMessage(EMAIL_MESSAGE_TYPE, payload, tx, options);
}
