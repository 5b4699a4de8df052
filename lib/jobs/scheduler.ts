import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { config } from "../config";
import type { Db } from "../db";
import type { Logger } from "../log";
import { findJob, scheduledJobs } from "./definitions";
import type { JobResult } from "./types";

const MAINTENANCE_QUEUE = "maintenance";

/** BullMQ rejects ioredis' keyPrefix; it namespaces keys itself with `prefix`. */
function bullPrefix(): string {
  return `${config.redis.keyPrefix}bull`;
}

/** BullMQ needs `maxRetriesPerRequest: null` and no command timeout (it blocks on Redis). */
function bullConnection(): Redis {
  return new Redis(config.redis.url, { maxRetriesPerRequest: null });
}

export type Scheduler = { stop(): Promise<void> };

/** Runs one job by name and logs its counts; the scheduler's processor and `jobs:run` share it. */
export async function runJob(name: string, deps: { db: Db; log: Logger }, jobId?: string): Promise<JobResult> {
  const job = findJob(name);
  if (!job) throw new Error(`unknown job "${name}"`);
  const started = Date.now();
  const counts = await job.run({ db: deps.db, log: deps.log, now: new Date() });
  deps.log.info({ job: name, jobId, counts, durationMs: Date.now() - started }, "job done");
  return counts;
}

/**
 * Registers every job as a BullMQ job scheduler (idempotent upsert, so every replica may do it)
 * and processes the maintenance queue. BullMQ creates one job per tick with an id derived from
 * the scheduler and the tick time, so however many replicas run, each tick runs once.
 */
export async function startScheduler(deps: { db: Db; log: Logger }): Promise<Scheduler> {
  const { log } = deps;
  const prefix = bullPrefix();
  const connection = bullConnection();
  connection.on("error", (error: Error) => log.warn({ err: error.message }, "scheduler redis error"));
  const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
  queue.on("error", (error: Error) => log.warn({ err: error.message }, "scheduler queue error"));

  const jobs = scheduledJobs();
  for (const job of jobs) {
    await queue.upsertJobScheduler(
      job.name,
      { pattern: job.cron, tz: "UTC" },
      {
        name: job.name,
        opts: {
          attempts: 3,
          backoff: { type: "exponential", delay: 10_000 },
          removeOnComplete: 200,
          removeOnFail: 500,
        },
      },
    );
  }
  // A scheduler removed from the code keeps firing until it is removed from Redis.
  const known = new Set(jobs.map((j) => j.name));
  for (const scheduler of await queue.getJobSchedulers()) {
    if (!known.has(scheduler.key)) {
      await queue.removeJobScheduler(scheduler.key);
      log.info({ job: scheduler.key }, "removed a job scheduler that no longer exists");
    }
  }

  const worker = new Worker(MAINTENANCE_QUEUE, (job: Job) => runJob(job.name, deps, job.id), {
    connection: bullConnection(),
    prefix,
    concurrency: 1,
  });
  worker.on("failed", (job, error) =>
    log.error({ job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error.message }, "job failed"),
  );
  worker.on("error", (error) => log.warn({ err: error.message }, "scheduler worker error"));
  log.info({ jobs: jobs.map((j) => ({ name: j.name, cron: j.cron })) }, "jobs scheduled");

  return {
    async stop() {
      await worker.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
