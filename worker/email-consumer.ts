import { startEmailConsumer, type EmailConsumer } from "../lib/email/consumer";
import { createTransport, type EmailTransport } from "../lib/email/transport";
import type { WorkerContext, WorkerModule } from "./module";

/** Drains the email queue: render, send (or store in the development mailbox), acknowledge. */
export function emailConsumer(): WorkerModule {
  let context: WorkerContext | undefined;
  let transport: EmailTransport | undefined;
  let consumer: EmailConsumer | undefined;
  return {
    name: "email-consumer",
    async start(ctx) {
      context = ctx;
      transport = createTransport();
      ctx.log.info({ transport: transport.name }, "email transport selected");
    },
    async setupChannels(connection) {
      if (!context || !transport || context.signal.aborted) return;
      // After a reconnect the previous channel is gone with its connection.
      consumer = await startEmailConsumer(connection, { db: context.db, transport, log: context.log });
    },
    async stop() {
      await consumer?.stop();
    },
  };
}
