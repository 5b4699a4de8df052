import { db } from "../db";
import { pingAmqp } from "../queue/connection";
import { redis } from "../redis";
import { withTimeout } from "../util/timeout";
import type { ReadinessChecks } from "../validation/responses";

export type Readiness = { ready: boolean; checks: ReadinessChecks };

const TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<"ok" | "error"> {
  try {
    await withTimeout(check(), TIMEOUT_MS);
    return "ok";
  } catch {
    return "error";
  }
}

/** Whether PostgreSQL, Redis and RabbitMQ all answer right now. */
export async function checkReadiness(): Promise<Readiness> {
  const [dbStatus, redisStatus, rabbitStatus] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`),
    probe(() => redis.ping()),
    probe(() => pingAmqp(undefined, TIMEOUT_MS)),
  ]);
  const checks = { db: dbStatus, redis: redisStatus, rabbitmq: rabbitStatus };
  return { ready: Object.values(checks).every((s) => s === "ok"), checks };
}
