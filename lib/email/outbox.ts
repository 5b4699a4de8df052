import type { Prisma } from "../db";
import { db as defaultDb } from "../db";
import { EMAIL_MESSAGE_TYPE, emailMessageSchema, type EmailMessage } from "./messages";

type Writer = Pick<Prisma.TransactionClient, "outboxMessage">;

/**
 * Queues an email by writing an outbox row. Pass the transaction client of the change that
 * causes the email, so the email exists if and only if the change commits; the worker's relay
 * publishes it to RabbitMQ. Returns the outbox id, which is also the email's idempotency key.
 */
export async function enqueueEmail(message: EmailMessage, tx: Writer = defaultDb): Promise<string> {
  const payload = emailMessageSchema.parse(message);
  const row = await tx.outboxMessage.create({ data: { type: EMAIL_MESSAGE_TYPE, payload }, select: { id: true } });
  return row.id;
}
