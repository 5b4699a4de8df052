// `npm run jobs:run -- <job>` runs a scheduled job now, in this process, and prints its counts.
// `npm run jobs:run -- --list` lists the jobs and their schedules.
export {};

// Like worker/main.ts: the service name is set before any module that logs is loaded.
// eslint-disable-next-line no-restricted-properties
process.env.AUTHCORE_SERVICE ??= "jobs";

try {
  const { scheduledJobs } = await import("../lib/jobs/definitions");
  const name = process.argv[2];
  if (!name || name === "--list") {
    for (const job of scheduledJobs()) console.log(`${job.name.padEnd(26)} ${job.cron.padEnd(16)} ${job.description}`);
    process.exit(name ? 0 : 2);
  }
  const { runJob } = await import("../lib/jobs/scheduler");
  const { db } = await import("../lib/db");
  const { logger } = await import("../lib/log");
  const { redis } = await import("../lib/redis");
  const counts = await runJob(name, { db, log: logger });
  console.log(JSON.stringify({ job: name, counts }));
  await db.$disconnect();
  redis.disconnect();
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
