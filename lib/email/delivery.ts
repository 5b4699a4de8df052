import { z } from "zod";
import type { Db } from "../db";
import { directLedger, type Ledger } from "./ledger";
import { sealedEmailSchema, type EmailMessage } from "./messages";
import { renderEmail } from "./render";
import { emailQuotaCategory, OVER_QUOTA_RESULT, type RecipientQuota } from "./quota";
import { openEmail } from "./seal";
import { PermanentSendError, TransientSendError } from "./send-errors";
import type { EmailTransport } from "./transport";

export type DeliveryOutcome =
  | { kind: "sent"; providerId: string; template: EmailMessage["template"] }
  | { kind: "duplicate" }
  | { kind: "over-quota"; template: EmailMessage["template"] }
  | { kind: "retry"; reason: string; retryAfterMs?: number }
  | { kind: "park"; reason: string };

/** The provider's idempotency key for an outbox message: stable across every redelivery. */
export function idempotencyKeyFor(messageId: string): string {
  return `authcore-email/${messageId}`;
}

const describeIssues = (issues: readonly z.core.$ZodIssue[]) =>
  issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");

/** Parses and opens a message body; anything malformed or unreadable is reported, never thrown. */
async function parseEmailBody(
  body: Buffer,
): Promise<{ ok: true; message: EmailMessage } | { ok: false; reason: string }> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed: body is not JSON" };
  }
  const parsed = sealedEmailSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `malformed: ${describeIssues(parsed.error.issues)}` };
  try {
    return { ok: true, message: await openEmail(parsed.data) };
  } catch (error) {
    // Opened, but the data does not fit the template: say which field, never its value.
    if (error instanceof z.ZodError) return { ok: false, reason: `malformed: ${describeIssues(error.issues)}` };
    return { ok: false, reason: `malformed: sealed data does not open: ${(error as Error).message}` };
  }
}

/**
 * Delivers one email message: skip it when the ledger has it, drop it when its recipient is over
 * the quota (recorded in the ledger, so a redelivery is not weighed again), render, send with the
 * idempotency key, record the provider's id in the ledger. Returns what the caller should do with
 * the broker message. Without `quota` (tools, tests) nothing is dropped.
 */
export async function deliverEmail(
  deps: { db: Db; transport: EmailTransport; ledger?: Ledger; quota?: RecipientQuota },
  messageId: string | undefined,
  body: Buffer,
): Promise<DeliveryOutcome> {
  if (!messageId) return { kind: "park", reason: "malformed: no message id" };
  const parsed = await parseEmailBody(body);
  if (!parsed.ok) return { kind: "park", reason: parsed.reason };
  const ledger = deps.ledger ?? directLedger(deps.db);
  try {
    if (await ledger.wasProcessed(messageId)) return { kind: "duplicate" };
  } catch (error) {
    return { kind: "retry", reason: `ledger unavailable: ${(error as Error).message}` };
  }
  const { message } = parsed;
  if (deps.quota && !(await deps.quota.admit(emailQuotaCategory(message), message.to, messageId))) {
    try {
      await ledger.recordProcessed(messageId, OVER_QUOTA_RESULT);
    } catch (error) {
      return { kind: "retry", reason: `ledger write failed: ${(error as Error).message}` };
    }
    return { kind: "over-quota", template: message.template };
  }

  let rendered;
  try {
    rendered = renderEmail(message);
  } catch (error) {
    return { kind: "park", reason: `render failed: ${(error as Error).message}` };
  }

  let providerId: string;
  try {
    ({ providerId } = await deps.transport.send({ to: message.to, ...rendered }, idempotencyKeyFor(messageId)));
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
  return { kind: "sent", providerId, template: message.template };
}
