import type { Db } from "../db";
import type { Logger } from "../log";

export type JobContext = { db: Db; log: Logger; now: Date };

/** What a run did, as counts (logged by the scheduler and the `jobs:run` command). */
export type JobResult = Record<string, number>;

/**
 * A scheduled job as data. Handlers must be idempotent: BullMQ delivers at least once (a worker
 * killed mid-job has its job run again by another replica).
 */
export type JobDefinition = {
  name: string;
  /** Cron pattern in UTC (5 fields, or 6 with seconds); JOB_SCHEDULES can override it. */
  cron: string;
  description: string;
  run(context: JobContext): Promise<JobResult>;
};
