import { startScheduler, type Scheduler } from "../lib/jobs/scheduler";
import type { WorkerModule } from "./module";

/** The scheduled maintenance jobs (BullMQ job schedulers on Redis). */
export function scheduler(): WorkerModule {
  let running: Scheduler | undefined;
  return {
    name: "scheduler",
    async start({ db, log }) {
      running = await startScheduler({ db, log });
    },
    async stop() {
      await running?.stop();
    },
  };
}
