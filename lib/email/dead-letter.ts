import type { ConfirmChannel, GetMessage } from "amqplib";
import { republish } from "../queue/publish";
import { expirationProperty, expiryOf, remainingMs } from "./expiry";
import {
  ATTEMPT_HEADER,
  EMAIL_PARKED_QUEUE,
  EMAIL_QUEUE,
  PARKED_AT_HEADER,
  PARKED_REASON_HEADER,
} from "./retry-policy";

export type ParkedMessage = {
  messageId: string | null;
  template: string | null;
  to: string | null;
  attempts: number | null;
  reason: string;
  parkedAt: string | null;
  /** When the link it carries expires (it is never sent after), or null. */
  expiresAt: string | null;
};

function describe(message: GetMessage): ParkedMessage {
  const headers = message.properties.headers ?? {};
  let template: string | null = null;
  let to: string | null = null;
  try {
    // Only the routing facts are shown: the data (sealed, with the links) stays out of terminals and logs.
    const body = JSON.parse(message.content.toString("utf8")) as { template?: unknown; to?: unknown };
    template = typeof body.template === "string" ? body.template : null;
    to = typeof body.to === "string" ? body.to : null;
  } catch {
    // malformed body: the reason says so
  }
  const attempts = Number(headers[ATTEMPT_HEADER]);
  return {
    messageId: (message.properties.messageId as string | undefined) ?? null,
    template,
    to,
    attempts: Number.isFinite(attempts) ? attempts : null,
    reason: String(headers[PARKED_REASON_HEADER] ?? "unknown"),
    parkedAt: typeof headers[PARKED_AT_HEADER] === "string" ? headers[PARKED_AT_HEADER] : null,
    expiresAt: expiryOf(headers)?.toISOString() ?? null,
  };
}

/**
 * Visits every parked message once: `decide` returns true to take it out of the parking queue
 * (after `onTake` succeeded), false to leave it. Messages left are returned to the queue.
 */
async function visitParked(
  channel: ConfirmChannel,
  decide: (message: GetMessage) => boolean,
  onTake: (message: GetMessage) => Promise<void> = async () => undefined,
): Promise<void> {
  // Only the argument-free queues: the delay queues' TTLs depend on the worker's configuration.
  await channel.assertQueue(EMAIL_QUEUE, { durable: true });
  await channel.assertQueue(EMAIL_PARKED_QUEUE, { durable: true });
  try {
    for (;;) {
      const message = await channel.get(EMAIL_PARKED_QUEUE, { noAck: false });
      if (message === false) break;
      if (decide(message)) {
        await onTake(message);
        channel.ack(message);
      }
    }
  } finally {
    // Everything not acknowledged goes back to the parking queue.
    channel.nackAll(true);
  }
}

/** Lists the parked email messages without removing them. */
export async function listParked(channel: ConfirmChannel): Promise<ParkedMessage[]> {
  const found: ParkedMessage[] = [];
  await visitParked(channel, (message) => {
    found.push(describe(message));
    return false;
  });
  return found;
}

/**
 * Moves parked messages (all, or those with the given ids) back to the work queue with a fresh
 * attempt count and the time they have left as their expiration. Each copy is confirmed by the
 * broker before its parked original is removed. A message whose link has expired is removed
 * instead (it would never be sent) and listed in `expired`.
 */
export async function replayParked(
  channel: ConfirmChannel,
  ids: "all" | readonly string[],
): Promise<{ replayed: ParkedMessage[]; expired: ParkedMessage[] }> {
  const wanted = ids === "all" ? null : new Set(ids);
  const replayed: ParkedMessage[] = [];
  const expired: ParkedMessage[] = [];
  await visitParked(
    channel,
    (message) => wanted === null || wanted.has(String(message.properties.messageId)),
    async (message) => {
      const remaining = remainingMs(expiryOf(message.properties.headers));
      if (remaining !== null && remaining <= 0) {
        expired.push(describe(message));
        return;
      }
      const headers = { ...message.properties.headers };
      delete headers[PARKED_REASON_HEADER];
      delete headers[PARKED_AT_HEADER];
      headers[ATTEMPT_HEADER] = 1;
      const expiration = expirationProperty(remaining);
      await republish(channel, message, EMAIL_QUEUE, headers, `replayed-${Date.now()}`, expiration);
      replayed.push(describe(message));
    },
  );
  return { replayed, expired };
}

/**
 * Removes parked messages (all, or those with the given ids) without sending them: e.g. messages
 * parked by an older version, before parked messages expired by themselves.
 */
export async function discardParked(channel: ConfirmChannel, ids: "all" | readonly string[]): Promise<ParkedMessage[]> {
  const wanted = ids === "all" ? null : new Set(ids);
  const discarded: ParkedMessage[] = [];
  await visitParked(
    channel,
    (message) => wanted === null || wanted.has(String(message.properties.messageId)),
    async (message) => {
      discarded.push(describe(message));
    },
  );
  return discarded;
}
