import type { Db } from "../db";
import { directLedger, type Ledger } from "./ledger";
import { emailMessageSchema, type EmailMessage } from "./messages";
import { renderEmail } from "./render";
import { PermanentSendError, TransientSendError } from "./send-errors";
import type { EmailTransport } from "./transport";

export type DeliveryOutcome =
  | { kind: "sent"; providerId: string; template: EmailMessage["template"] }
  | { kind: "duplicate" }
  | { kind: "retry"; reason: string; retryAfterMs?: number }
  | { kind: "park"; reason: string };

/** The provider's idempotency key for an outbox message: stable across every redelivery. */
export function idempotencyKeyFor(messageId: string): string {
  return `authcore-email/${messageId}`;
}

/** Parses a message body; anything malformed is reported, never thrown. */
function parseEmailBody(body: Buffer): { ok: true; message: EmailMessage } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed: body is not JSON" };
  }
  const parsed = emailMessageSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return { ok: false, reason: `malformed: ${issues}` };
  }
  return { ok: true, message: parsed.data };
}

/**
 * Delivers one email message: skip it when the ledger has it, render, send with the idempotency
 * key, record it in the ledger. Returns what the caller should do with the broker message.
 */
export async function deliverEmail(
  deps: { db: Db; transport: EmailTransport; ledger?: Ledger },
  messageId: string | undefined,
  body: Buffer,
): Promise<DeliveryOutcome> {
  if (!messageId) return { kind: "park", reason: "malformed: no message id" };
  const parsed = parseEmailBody(body);
  if (!parsed.ok) return { kind: "park", reason: parsed.reason };
  const ledger = deps.ledger ?? directLedger(deps.db);
  try {
    if (await ledger.wasProcessed(messageId)) return { kind: "duplicate" };
  } catch (error) {
    return { kind: "retry", reason: `ledger unavailable: ${(error as Error).message}` };
  }

  let rendered;
  try {
    rendered = renderEmail(parsed.message);
  } catch (error) {
    return { kind: "park", reason: `render failed: ${(error as Error).message}` };
  }

  let providerId: string;
  try {
    ({ providerId } = await deps.transport.send({ to: parsed.message.to, ...rendered }, idempotencyKeyFor(messageId)));
  } catch (error) {
    if (error instanceof PermanentSendError) return { kind: "park", reason: error.message };
    if (error instanceof TransientSendError)
      return { kind: "retry", reason: error.message, retryAfterMs: error.retryAfterMs };
    return { kind: "retry", reason: (error as Error).message };
  }
  try {
    await ledger.recordProcessed(messageId, providerId);
  } catch (error) {
    // Sent but not recorded: the retry sends again with the same idempotency key, which the
    // provider answers without a second email.
    return { kind: "retry", reason: `ledger write failed: ${(error as Error).message}` };
  }
  return { kind: "sent", providerId, template: parsed.message.template };
}
