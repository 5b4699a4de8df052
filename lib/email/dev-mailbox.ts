import { db } from "../db";
import type { EmailTransport } from "./transport";

/**
 * Development mailbox: stores emails in PostgreSQL instead of sending them, keyed by the message
 * id so a redelivered message is stored once. Listed at /dev/mail (never in production).
 */
export function devMailboxTransport(): EmailTransport {
  return {
    name: "dev-mailbox",
    async send(email, idempotencyKey) {
      const row = await db.devEmail.upsert({
        where: { messageId: idempotencyKey },
        create: { messageId: idempotencyKey, to: email.to, subject: email.subject, html: email.html, text: email.text },
        update: {},
        select: { id: true },
      });
      return { providerId: `dev:${row.id}` };
    },
  };
}

export type DevEmailSummary = { id: string; to: string; subject: string; createdAt: Date };

/** The newest stored development emails, optionally for one recipient. */
export async function listDevEmails(options: { to?: string; limit?: number } = {}): Promise<DevEmailSummary[]> {
  return db.devEmail.findMany({
    where: options.to ? { to: options.to.toLowerCase() } : {},
    orderBy: { createdAt: "desc" },
    take: options.limit ?? 100,
    select: { id: true, to: true, subject: true, createdAt: true },
  });
}

export async function getDevEmail(id: string) {
  return db.devEmail.findUnique({ where: { id } });
}
