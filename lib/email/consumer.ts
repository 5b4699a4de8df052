import type { ChannelModel, ConfirmChannel, ConsumeMessage } from "amqplib";
import { config } from "../config";
import type { Db } from "../db";
import type { Logger } from "../log";
import { republish } from "../queue/publish";
import {
  assertEmailTopology,
  ATTEMPT_HEADER,
  EMAIL_PARKED_QUEUE,
  EMAIL_QUEUE,
  PARKED_AT_HEADER,
  PARKED_REASON_HEADER,
  PARKED_TTL_MS,
  retryQueueFor,
} from "./retry-policy";
import { deliverEmail } from "./delivery";
import { expirationProperty, expiryOf, remainingMs } from "./expiry";
import { batchedLedger } from "./ledger";
import type { RecipientQuota } from "./quota";
import type { EmailTransport } from "./transport";

export type EmailConsumer = { stop(): Promise<void> };

export type ConsumerDeps = { db: Db; transport: EmailTransport; log: Logger; quota: RecipientQuota };

/** Whether the message's deadline (OutboxMessage.expiresAt, carried as a header) has passed. */
function isExpired(message: ConsumeMessage): boolean {
  const left = remainingMs(expiryOf(message.properties.headers));
  return left !== null && left <= 0;
}

/** The attempt number a message carries (1 when absent or unreadable). */
function attemptOf(message: ConsumeMessage): number {
  const value = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/**
 * Consumes the email queue on its own confirm channel: durable queue, manual acks, bounded
 * prefetch. A failed send goes to the delay queue of its next attempt (which dead-letters it back
 * here), and after the last attempt, or at once when it can never succeed, to the parking queue.
 * The retry or park copy is confirmed by the broker before the original is acknowledged, so a
 * crash in between duplicates a message (skipped by the ledger) but never loses one.
 *
 * A message past its deadline is acknowledged and dropped with a log line, never sent, retried or
 * parked; each copy it makes carries the time it has left as its `expiration` (a parked copy at
 * most PARKED_TTL_MS). A message whose recipient is over the quota is dropped the same way.
 */
export async function startEmailConsumer(connection: ChannelModel, deps: ConsumerDeps): Promise<EmailConsumer> {
  const { db, transport, log, quota } = deps;
  const { maxAttempts } = config.email;
  const channel: ConfirmChannel = await connection.createConfirmChannel();
  // Without an 'error' listener a channel error would crash the process.
  channel.on("error", (error: Error) => log.warn({ err: error.message }, "email channel error"));
  await assertEmailTopology(channel);
  await channel.prefetch(config.worker.prefetch);

  const ledger = batchedLedger(db);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  /**
   * A copy to `queue` with `headers` added and the time the message has left as its expiration
   * (at most `capMs`), confirmed before the caller acknowledges the original.
   */
  const forward = (message: ConsumeMessage, queue: string, headers: Record<string, unknown>, capMs?: number) => {
    const idIfMissing = `unidentified-${message.fields.deliveryTag}-${Date.now()}`;
    const expiration = expirationProperty(remainingMs(expiryOf(message.properties.headers)), capMs);
    return republish(channel, message, queue, { ...message.properties.headers, ...headers }, idIfMissing, expiration);
  };
  const park = (message: ConsumeMessage, reason: string) =>
    forward(
      message,
      EMAIL_PARKED_QUEUE,
      { [PARKED_REASON_HEADER]: reason, [PARKED_AT_HEADER]: new Date().toISOString() },
      PARKED_TTL_MS,
    );

  const handle = async (message: ConsumeMessage) => {
    const messageId = message.properties.messageId as string | undefined;
    const attempt = attemptOf(message);
    if (isExpired(message)) {
      log.info({ messageId, attempt }, "email expired: dropped unsent");
      channel.ack(message);
      return;
    }
    const outcome = await deliverEmail({ db, transport, ledger, quota }, messageId, message.content);
    if ((outcome.kind === "retry" || outcome.kind === "park") && isExpired(message)) {
      log.info({ messageId, attempt, reason: outcome.reason }, "email expired: dropped instead of retried or parked");
      channel.ack(message);
      return;
    }
    switch (outcome.kind) {
      case "sent":
        log.info({ messageId, template: outcome.template, attempt, providerId: outcome.providerId }, "email sent");
        break;
      case "duplicate":
        log.info({ messageId }, "email already handled: skipping redelivery");
        break;
      case "over-quota":
        log.warn({ messageId, template: outcome.template }, "email dropped: its recipient is over the hourly quota");
        break;
      case "retry": {
        if (attempt >= maxAttempts) {
          await park(message, `gave up after ${attempt} attempts: ${outcome.reason}`);
          log.error({ messageId, attempt, reason: outcome.reason }, "email parked after its last attempt");
          break;
        }
        const { queue, delayMs } = retryQueueFor(attempt, outcome.retryAfterMs);
        await forward(message, queue, { [ATTEMPT_HEADER]: attempt + 1 });
        log.warn({ messageId, attempt, delayMs, reason: outcome.reason }, "email send failed: retry scheduled");
        break;
      }
      case "park":
        await park(message, outcome.reason);
        log.error({ messageId, attempt, reason: outcome.reason }, "email parked: it cannot be delivered");
        break;
    }
    channel.ack(message);
  };

  const { consumerTag } = await channel.consume(
    EMAIL_QUEUE,
    (message) => {
      if (message === null) {
        log.warn("email consumer cancelled by the broker");
        return;
      }
      const task = handle(message)
        .catch((error: Error) => {
          // Not acknowledged: the broker redelivers it on this channel's close or reconnect.
          log.warn({ messageId: message.properties.messageId, err: error.message }, "email handling interrupted");
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    },
    { noAck: false },
  );

  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      await channel.cancel(consumerTag).catch(() => undefined);
      await Promise.allSettled([...inFlight]);
      await channel.close().catch(() => undefined);
    },
  };
}
