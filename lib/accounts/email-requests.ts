import { z } from "zod";
import { recordAudit } from "../audit";
import type { RequestMeta } from "../auth/session/meta";
import { issueActionToken } from "../auth/tokens";
import { db as defaultDb, type Db, type Prisma, TokenPurpose } from "../db";
import { enqueueEmail, enqueueOutboxMessage } from "../email/outbox";
import { OVER_QUOTA_RESULT, type RecipientQuota } from "../email/quota";
import { EmailSchema } from "../validation";
import { sendActivationEmail } from "./activation";

// "Email me a reset link" and "send the activation email again", decided by the worker: the
// request path writes one outbox row whatever the address, so neither its answer nor its work
// (statements, rows, time) says whether an account exists. The worker looks the account up and,
// only when it is eligible, issues the link and queues the email.

/** The queue the relay routes requests to; the worker's email-requests module consumes it. */
export const EMAIL_REQUEST_QUEUE = "account.email-requests";

export const PASSWORD_RESET_REQUESTED = "account.password-reset-requested";
export const ACTIVATION_RESEND_REQUESTED = "account.activation-resend-requested";
export const EMAIL_REQUEST_TYPES = [PASSWORD_RESET_REQUESTED, ACTIVATION_RESEND_REQUESTED] as const;
export type EmailRequestType = (typeof EMAIL_REQUEST_TYPES)[number];

/** Outbox type → queue, for the relay. */
export const EMAIL_REQUEST_ROUTES: Readonly<Record<EmailRequestType, string>> = {
  [PASSWORD_RESET_REQUESTED]: EMAIL_REQUEST_QUEUE,
  [ACTIVATION_RESEND_REQUESTED]: EMAIL_REQUEST_QUEUE,
};

/**
 * A request older than this is dropped unanswered: the person has asked again or given up. It is
 * also the outbox row's `expiresAt`, so a late relay never publishes it.
 */
export const EMAIL_REQUEST_TTL_MS = 3_600_000;

/** What a request row carries (publisher and consumer share it). No secret: the link does not exist yet. */
export const emailRequestSchema = z.object({
  email: EmailSchema,
  // Whatever the request path recorded: never a reason to drop the request.
  ip: z.string(),
  userAgent: z.string(),
  requestedAt: z.iso.datetime(),
});
export type EmailRequest = z.infer<typeof emailRequestSchema>;

async function queueRequest(type: EmailRequestType, email: string, meta: RequestMeta): Promise<void> {
  const requestedAt = new Date();
  const request: EmailRequest = {
    email,
    ip: meta.ip,
    userAgent: meta.userAgent,
    requestedAt: requestedAt.toISOString(),
  };
  await enqueueOutboxMessage(type, request, defaultDb, {
    expiresAt: new Date(requestedAt.getTime() + EMAIL_REQUEST_TTL_MS),
  });
}

/**
 * "Forgot password": queues the request, the same single outbox row for every address. The worker
 * sends a reset link only to an active, not disabled account. Callers always answer 202.
 */
export function requestPasswordReset(email: string, meta: RequestMeta): Promise<void> {
  return queueRequest(PASSWORD_RESET_REQUESTED, email, meta);
}

/**
 * "Send the activation email again": queues the request, the same single outbox row for every
 * address. The worker sends fresh links only to a pending account. Callers always answer 202.
 */
export function resendActivation(email: string, meta: RequestMeta): Promise<void> {
  return queueRequest(ACTIVATION_RESEND_REQUESTED, email, meta);
}

export type EmailRequestOutcome =
  | { kind: "malformed"; reason: string }
  | { kind: "expired" }
  | { kind: "duplicate" }
  | { kind: "over-quota" }
  | { kind: "not-eligible" }
  | { kind: "email-queued" };

type Tx = Prisma.TransactionClient;

/** Reset links go to active accounts that are not disabled (Google-only ones may set a password). */
async function answerPasswordReset(tx: Tx, request: EmailRequest): Promise<boolean> {
  const user = await tx.user.findUnique({
    where: { email: request.email },
    select: { id: true, email: true, username: true, firstName: true, isActive: true, disabledAt: true },
  });
  if (!user || !user.isActive || user.disabledAt) return false;
  const { token, expiresAt } = await issueActionToken(tx, user.id, TokenPurpose.PASSWORD_RESET);
  await enqueueEmail(
    { template: "password-reset", to: user.email, data: { username: user.username, firstName: user.firstName, token } },
    tx,
    {
      expiresAt,
    },
  );
  await recordAudit(
    "password.reset_requested",
    { userId: user.id, meta: { ip: request.ip, userAgent: request.userAgent } },
    tx,
  );
  return true;
}

/** Activation links go again only to pending accounts: never verified, not active, not disabled. */
async function answerActivationResend(tx: Tx, request: EmailRequest): Promise<boolean> {
  const user = await tx.user.findUnique({
    where: { email: request.email },
    select: {
      id: true,
      email: true,
      username: true,
      firstName: true,
      isActive: true,
      emailVerified: true,
      disabledAt: true,
    },
  });
  if (!user || user.isActive || user.emailVerified || user.disabledAt) return false;
  await sendActivationEmail(tx, user);
  return true;
}

/** Per request type: issue the link and queue the email when the account is eligible; whether it was. */
const ANSWER: Record<EmailRequestType, (tx: Tx, request: EmailRequest) => Promise<boolean>> = {
  [PASSWORD_RESET_REQUESTED]: answerPasswordReset,
  [ACTIVATION_RESEND_REQUESTED]: answerActivationResend,
};

/**
 * Answers one request message (the worker's consumer, once per delivery). Idempotent: the ledger
 * row for the message id is inserted first in the same transaction as the token and the email, so
 * a redelivered or concurrently delivered copy finds it (or waits for it) and does nothing: never
 * a second token, never a second email. Requests over the per-address quota are recorded and
 * dropped before any token is issued, so a flood cannot void the link the owner already received.
 */
export async function handleEmailRequest(
  deps: { db?: Db; quota?: RecipientQuota; now?: () => number },
  message: { messageId: string; type: string | undefined; payload: unknown },
): Promise<EmailRequestOutcome> {
  const db = deps.db ?? defaultDb;
  const type = EMAIL_REQUEST_TYPES.find((known) => known === message.type);
  if (!type) return { kind: "malformed", reason: `unknown request type: ${String(message.type)}` };
  const parsed = emailRequestSchema.safeParse(message.payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return { kind: "malformed", reason: issues };
  }
  const request = parsed.data;
  if (Date.parse(request.requestedAt) + EMAIL_REQUEST_TTL_MS <= (deps.now ?? Date.now)()) return { kind: "expired" };

  const admitted = deps.quota ? await deps.quota.admit(`request:${type}`, request.email, message.messageId) : true;
  return db.$transaction(async (tx): Promise<EmailRequestOutcome> => {
    const { count } = await tx.processedMessage.createMany({
      data: [{ messageId: message.messageId, result: admitted ? "" : OVER_QUOTA_RESULT }],
      skipDuplicates: true,
    });
    if (count === 0) return { kind: "duplicate" };
    if (!admitted) return { kind: "over-quota" };
    const queued = await ANSWER[type](tx, request);
    // Outcomes only: the ledger never holds the link or the address.
    await tx.processedMessage.update({
      where: { messageId: message.messageId },
      data: { result: queued ? "email-queued" : "not-eligible" },
    });
    return queued ? { kind: "email-queued" } : { kind: "not-eligible" };
  });
}
