import { setTimeout as sleep } from "node:timers/promises";
import type { Channel, ConsumeMessage } from "amqplib";
import { EMAIL_REQUEST_QUEUE, handleEmailRequest } from "../lib/accounts/email-requests";
import { config } from "../lib/config";
import { expiryOf, remainingMs } from "../lib/email/expiry";
import { redisRecipientQuota, type RecipientQuota } from "../lib/email/quota";
import type { WorkerContext, WorkerModule } from "./module";

/** Pause before a request that failed (the database is unreachable) goes back to the queue. */
const REQUEUE_PAUSE_MS = 1_000;

/**
 * Answers "forgot password" and "resend activation" requests (lib/accounts/email-requests.ts):
 * looks the account up and, only when it is eligible, issues the link and queues the email. The
 * request path wrote the same outbox row whatever the address; the decision is made here.
 * Malformed, expired, duplicate and over-quota requests are acknowledged and dropped with a log
 * line; a failure (database down) puts the request back on the queue after a pause, until it
 * expires (an hour after it was made).
 */
export function emailRequestConsumer(): WorkerModule {
  let context: WorkerContext | undefined;
  let quota: RecipientQuota | undefined;
  let channel: Channel | undefined;
  let consumerTag: string | undefined;
  const inFlight = new Set<Promise<void>>();
  const stopped = new AbortController();

  async function handle(current: Channel, message: ConsumeMessage, ctx: WorkerContext) {
    const { messageId, type } = message.properties as { messageId?: string; type?: string };
    const left = remainingMs(expiryOf(message.properties.headers));
    if (left !== null && left <= 0) {
      ctx.log.info({ messageId, type }, "email request expired: dropped unanswered");
      current.ack(message);
      return;
    }
    if (!messageId) {
      ctx.log.error({ type }, "email request without a message id: dropped");
      current.ack(message);
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(message.content.toString("utf8"));
    } catch {
      payload = undefined;
    }
    try {
      const outcome = await handleEmailRequest({ db: ctx.db, quota }, { messageId, type, payload });
      if (outcome.kind === "malformed") {
        ctx.log.error({ messageId, type, reason: outcome.reason }, "email request malformed: dropped");
      } else if (outcome.kind === "over-quota") {
        ctx.log.warn({ messageId, type }, "email request dropped: its address is over the hourly quota");
      } else {
        // Whether an account matched is the operator's to know, never the requester's.
        ctx.log.info({ messageId, type, outcome: outcome.kind }, "email request handled");
      }
      current.ack(message);
    } catch (error) {
      ctx.log.warn({ messageId, type, err: (error as Error).message }, "email request failed: requeued");
      await sleep(REQUEUE_PAUSE_MS, undefined, { signal: stopped.signal }).catch(() => undefined);
      // On a closed channel the broker redelivers it anyway.
      if (channel === current) current.nack(message, false, true);
    }
  }

  return {
    name: "email-requests",
    async start(ctx) {
      context = ctx;
      quota = redisRecipientQuota(ctx.redis, {
        limit: config.email.quotaPerHour,
        onError: (error) => ctx.log.warn({ err: error.message }, "email quota unavailable: request admitted"),
      });
    },
    async setupChannels(connection) {
      const ctx = context;
      if (!ctx || ctx.signal.aborted) return;
      const next = await connection.createChannel();
      // Without an 'error' listener a channel error would crash the process.
      next.on("error", (error: Error) => ctx.log.warn({ err: error.message }, "email request channel error"));
      next.on("close", () => {
        if (channel === next) channel = undefined;
      });
      await next.assertQueue(EMAIL_REQUEST_QUEUE, { durable: true });
      await next.prefetch(config.worker.prefetch);
      channel = next;
      ({ consumerTag } = await next.consume(
        EMAIL_REQUEST_QUEUE,
        (message) => {
          if (message === null) {
            ctx.log.warn("email request consumer cancelled by the broker");
            return;
          }
          const task = handle(next, message, ctx)
            .catch((error: Error) => ctx.log.warn({ err: error.message }, "email request handling interrupted"))
            .finally(() => inFlight.delete(task));
          inFlight.add(task);
        },
        { noAck: false },
      ));
    },
    async stop() {
      stopped.abort();
      const current = channel;
      if (current && consumerTag) await current.cancel(consumerTag).catch(() => undefined);
      await Promise.allSettled([...inFlight]);
      await current?.close().catch(() => undefined);
    },
  };
}
