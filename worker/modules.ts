import type { WorkerModule } from "./module";
import { heartbeat } from "./heartbeat";

/** The modules the worker runs, started in order and stopped in reverse. */
export function workerModules(): WorkerModule[] {
  return [heartbeat()];
}
