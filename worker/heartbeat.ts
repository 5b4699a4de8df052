import type { WorkerModule } from "./module";

const INTERVAL_MS = 10_000;

/** Records a liveness key in Redis so operators (and tests) can see that a worker is running. */
export function heartbeat(): WorkerModule {
  let timer: NodeJS.Timeout | undefined;
  return {
    name: "heartbeat",
    async start({ redis, log }) {
      const beat = () =>
        redis
          .set(`worker:heartbeat:${process.pid}`, new Date().toISOString(), "PX", INTERVAL_MS * 3)
          .catch((error: Error) => log.warn({ err: error.message }, "heartbeat failed"));
      await beat();
      timer = setInterval(beat, INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
    },
  };
}
