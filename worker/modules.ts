import { emailConsumer } from "./email-consumer";
import { emailRequestConsumer } from "./email-requests";
import { heartbeat } from "./heartbeat";
import type { WorkerModule } from "./module";
import { outboxRelay } from "./outbox-relay";
import { scheduler } from "./scheduler";

/** The modules the worker runs, started in order and stopped in reverse. */
export function workerModules(): WorkerModule[] {
  return [heartbeat(), scheduler(), outboxRelay(), emailRequestConsumer(), emailConsumer()];
}
