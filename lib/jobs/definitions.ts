import { config } from "../config";
import { purgeExpiredSessions } from "./purge-expired-sessions";
import { purgeExpiredTokens } from "./purge-expired-tokens";
import { purgeInactiveAccounts } from "./purge-inactive-accounts";
import { purgeMessageLedger } from "./purge-message-ledger";
import { refreshRoleCacheJob } from "./refresh-role-cache";
import type { JobDefinition } from "./types";

/** Every scheduled job (the Celery Beat schedule of the original project, as data). */
export const JOBS: readonly JobDefinition[] = [
  {
    name: "purge-inactive-accounts",
    cron: "15 3 * * *",
    description: "Delete accounts never activated within INACTIVE_ACCOUNT_TTL_DAYS",
    run: purgeInactiveAccounts,
  },
  {
    name: "purge-expired-tokens",
    cron: "5 * * * *",
    description: "Delete expired or used one-time tokens and expired or revoked refresh tokens",
    run: purgeExpiredTokens,
  },
  {
    name: "purge-expired-sessions",
    cron: "10 * * * *",
    description: "Delete sessions past their idle or absolute expiry",
    run: purgeExpiredSessions,
  },
  {
    name: "refresh-role-cache",
    cron: "*/5 * * * *",
    description: "Rebuild the role-permission cache in Redis",
    run: refreshRoleCacheJob,
  },
  {
    name: "purge-message-ledger",
    cron: "45 3 * * *",
    description: "Delete published outbox rows and ledger entries older than 14 days",
    run: purgeMessageLedger,
  },
];

export function findJob(name: string): JobDefinition | undefined {
  return JOBS.find((job) => job.name === name);
}

/** Parses JOB_SCHEDULES (`name=cron;name=cron`) into overrides; an unknown name is an error. */
export function parseScheduleOverrides(raw: string | undefined): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const entry of (raw ?? "")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf("=");
    const name = entry.slice(0, eq).trim();
    const cron = entry.slice(eq + 1).trim();
    if (eq <= 0 || !cron) throw new Error(`JOB_SCHEDULES: "${entry}" is not name=cron`);
    if (!findJob(name))
      throw new Error(`JOB_SCHEDULES: unknown job "${name}" (known: ${JOBS.map((j) => j.name).join(", ")})`);
    overrides.set(name, cron);
  }
  return overrides;
}

/** The jobs with their effective cron patterns. */
export function scheduledJobs(raw = config.jobSchedules): JobDefinition[] {
  const overrides = parseScheduleOverrides(raw);
  return JOBS.map((job) => ({ ...job, cron: overrides.get(job.name) ?? job.cron }));
}
