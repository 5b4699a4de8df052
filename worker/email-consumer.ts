import { config } from "../lib/config";
import { startEmailConsumer, type EmailConsumer } from "../lib/email/consumer";
import { redisRecipientQuota, type RecipientQuota } from "../lib/email/quota";
import { createTransport, type EmailTransport } from "../lib/email/transport";
import type { WorkerContext, WorkerModule } from "./module";

/**
 * Drains the email queue: drop what expired or is over its recipient's quota, render, send (or
 * store in the development mailbox), acknowledge.
 */
export function emailConsumer(): WorkerModule {
  let context: WorkerContext | undefined;
  let transport: EmailTransport | undefined;
  let quota: RecipientQuota | undefined;
  let consumer: EmailConsumer | undefined;
  return {
    name: "email-consumer",
    async start(ctx) {
      context = ctx;
      transport = createTransport();
      quota = redisRecipientQuota(ctx.redis, {
        limit: config.email.quotaPerHour,
        onError: (error) => ctx.log.warn({ err: error.message }, "email quota unavailable: email admitted"),
      });
      ctx.log.info({ transport: transport.name }, "email transport selected");
    },
    async setupChannels(connection) {
      if (!context || !transport || !quota || context.signal.aborted) return;
      // After a reconnect the previous channel is gone with its connection.
      consumer = await startEmailConsumer(connection, { db: context.db, transport, log: context.log, quota });
    },
    async stop() {
      await consumer?.stop();
    },
  };
}
