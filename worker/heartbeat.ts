import type { WorkerContext, WorkerModule } from "./module";

const INTERVAL_MS = 10_000;

/** Records a liveness key in Redis so operators (and tests) can see that a worker is running. */
export function heartbeat(): WorkerModule {
  const key = `worker:heartbeat:${process.pid}`;
  let timer: NodeJS.Timeout | undefined;
  let context: WorkerContext | undefined;
  return {
    name: "heartbeat",
    async start(ctx) {
      context = ctx;
      const { redis, log } = ctx;
      const beat = () =>
        redis
          .set(key, new Date().toISOString(), "PX", INTERVAL_MS * 3)
          .catch((error: Error) => log.warn({ err: error.message }, "heartbeat failed"));
      await beat();
      timer = setInterval(beat, INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      // A worker that stopped cleanly is not running: its key goes now, not when it expires.
      await context?.redis.del(key).catch(() => undefined);
    },
  };
}
