import { setTimeout as sleep } from "node:timers/promises";
import type { ConfirmChannel } from "amqplib";
import { EMAIL_REQUEST_QUEUE, EMAIL_REQUEST_ROUTES } from "../lib/accounts/email-requests";
import { EMAIL_OUTBOX_ROUTES, relayOutboxBatch, type OutboxRoutes } from "../lib/email/outbox-relay";
import { assertEmailTopology } from "../lib/email/retry-policy";
import type { WorkerContext, WorkerModule } from "./module";

const BATCH_SIZE = 200;
const IDLE_POLL_MS = 250;

/** Every outbox type the worker publishes, and its queue: emails, and the email requests it decides. */
export const OUTBOX_ROUTES: OutboxRoutes = { ...EMAIL_OUTBOX_ROUTES, ...EMAIL_REQUEST_ROUTES };

/**
 * Publishes pending outbox rows to RabbitMQ with publisher confirms. While the broker is down the
 * rows simply wait in PostgreSQL; the loop resumes on the channel of the next connection.
 */
export function outboxRelay(): WorkerModule {
  let channel: ConfirmChannel | undefined;
  let loop: Promise<void> | undefined;
  let context: WorkerContext | undefined;
  const stopped = new AbortController();

  const pause = (ms: number) => sleep(ms, undefined, { signal: stopped.signal }).catch(() => undefined);

  async function run({ db, log }: WorkerContext) {
    while (!stopped.signal.aborted) {
      const current = channel;
      if (!current) {
        await pause(IDLE_POLL_MS);
        continue;
      }
      try {
        const result = await relayOutboxBatch(db, current, { routes: OUTBOX_ROUTES, batchSize: BATCH_SIZE });
        if (result.published > 0) log.info({ published: result.published }, "outbox published");
        if (result.expired > 0) log.warn({ expired: result.expired }, "outbox messages expired before publishing");
        if (result.failed > 0) log.error({ failed: result.failed }, "outbox messages unroutable");
        if (result.published + result.expired === BATCH_SIZE && result.failed === 0) continue;
      } catch (error) {
        log.warn({ err: (error as Error).message }, "outbox relay batch failed: will retry");
      }
      await pause(IDLE_POLL_MS);
    }
  }

  return {
    name: "outbox-relay",
    async start(ctx) {
      context = ctx;
      loop = run(ctx);
    },
    async setupChannels(connection) {
      const next = await connection.createConfirmChannel();
      // Without an 'error' listener a channel error would crash the process.
      next.on("error", (error: Error) => context?.log.warn({ err: error.message }, "outbox channel error"));
      next.on("close", () => {
        if (channel === next) channel = undefined;
      });
      await assertEmailTopology(next);
      await next.assertQueue(EMAIL_REQUEST_QUEUE, { durable: true });
      channel = next;
    },
    async stop() {
      stopped.abort();
      await loop;
      await channel?.close().catch(() => undefined);
    },
  };
}
