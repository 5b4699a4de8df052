import { db } from "../db";
import { pingAmqp } from "../queue/connection";
import { redis } from "../redis";

export type CheckStatus = "ok" | "error";
export type Readiness = { ready: boolean; checks: { db: CheckStatus; redis: CheckStatus; rabbitmq: CheckStatus } };

const TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<CheckStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return "ok";
  } catch {
    return "error";
  } finally {
    clearTimeout(timer);
  }
}

/** Whether PostgreSQL, Redis and RabbitMQ all answer right now. */
export async function checkReadiness(): Promise<Readiness> {
  const [dbStatus, redisStatus, rabbitStatus] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`),
    probe(() => redis.ping()),
    probe(async () => {
      if (!(await pingAmqp(undefined, TIMEOUT_MS))) throw new Error("rabbitmq unreachable");
    }),
  ]);
  const checks = { db: dbStatus, redis: redisStatus, rabbitmq: rabbitStatus };
  return { ready: Object.values(checks).every((s) => s === "ok"), checks };
}
