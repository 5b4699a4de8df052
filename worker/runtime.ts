import type { RecoveringChannelModel } from "amqplib";
import { config } from "../lib/config";
import { db } from "../lib/db";
import { logger } from "../lib/log";
import { connectRecovering } from "../lib/queue/connection";
import { redis } from "../lib/redis";
import { retryWithBackoff } from "../lib/util/retry";
import type { WorkerModule } from "./module";
import { workerModules } from "./modules";

const SHUTDOWN_TIMEOUT_MS = 25_000;

/** Starts the worker: connects to every service (retrying), starts the modules, waits for a signal. */
export async function runWorker(modules: WorkerModule[] = workerModules()): Promise<void> {
  const log = logger;
  for (const warning of config.warnings) log.warn(warning);
  const controller = new AbortController();
  const broker: { connection?: RecoveringChannelModel } = {};
  const started: WorkerModule[] = [];

  const shutdown = async (signal: string) => {
    if (controller.signal.aborted) {
      log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    log.info({ signal }, "worker stopping");
    controller.abort();
    const force = setTimeout(() => {
      log.error("shutdown timed out: exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    for (const mod of started.reverse()) {
      await mod.stop().catch((error: Error) => log.error({ module: mod.name, err: error.message }, "stop failed"));
    }
    await broker.connection?.close().catch(() => undefined);
    redis.disconnect();
    await db.$disconnect().catch(() => undefined);
    log.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  const onRetry = (service: string) => (info: { attempt: number; delayMs: number; error: unknown }) =>
    log.warn(
      { service, attempt: info.attempt, delayMs: info.delayMs, err: (info.error as Error)?.message },
      `waiting for ${service}`,
    );
  try {
    const signal = controller.signal;
    await retryWithBackoff(() => db.$queryRaw`SELECT 1`, { signal, onRetry: onRetry("postgresql") });
    await retryWithBackoff(() => redis.ping(), { signal, onRetry: onRetry("redis") });

    const context = { db, redis, log, signal };
    for (const mod of modules) {
      await mod.start(context);
      started.push(mod);
    }
    const amqp = await connectRecovering({
      log,
      setup: async (connection) => {
        for (const mod of started) await mod.setupChannels?.(connection);
      },
    });
    broker.connection = amqp;
    await amqp.waitForConnect();
  } catch (error) {
    // A signal during startup aborts the waits; the shutdown handler finishes the exit.
    if (controller.signal.aborted) return;
    throw error;
  }
  log.info({ modules: started.map((m) => m.name) }, "worker ready");
}
