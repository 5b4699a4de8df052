import { db } from "../db";
import { redis } from "../redis";
import { withTimeout } from "../util/timeout";
import type { ReadinessChecks } from "../validation/responses";
import { pingBroker } from "./broker";

export type Readiness = { ready: boolean; checks: ReadinessChecks };

type Probes = Record<keyof ReadinessChecks, () => Promise<unknown>>;

/** How long one probe may take before its service counts as down. */
export const PROBE_TIMEOUT_MS = 2_000;
/** How long a result is reused: a flood of /api/ready costs one round of probes per second. */
export const READINESS_CACHE_MS = 1_000;

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<"ok" | "error"> {
  try {
    await withTimeout(check(), timeoutMs);
    return "ok";
  } catch {
    return "error";
  }
}

/**
 * A readiness check that probes every service at most once per `cacheMs`: callers within that
 * time get the last result, and callers while a round is running share it (one round at a time,
 * however many requests arrive). The time counts from the end of a round, so services that
 * hang until the timeout are still probed at most once per `timeoutMs + cacheMs`.
 */
export function createReadinessCheck(
  probes: Probes,
  { cacheMs = READINESS_CACHE_MS, timeoutMs = PROBE_TIMEOUT_MS, now = () => Date.now() } = {},
): () => Promise<Readiness> {
  let last: { at: number; result: Readiness } | null = null;
  let running: Promise<Readiness> | null = null;

  async function round(): Promise<Readiness> {
    const [dbStatus, redisStatus, rabbitStatus] = await Promise.all([
      probe(probes.db, timeoutMs),
      probe(probes.redis, timeoutMs),
      probe(probes.rabbitmq, timeoutMs),
    ]);
    const checks = { db: dbStatus, redis: redisStatus, rabbitmq: rabbitStatus };
    return { ready: Object.values(checks).every((s) => s === "ok"), checks };
  }

  return () => {
    if (last && now() - last.at < cacheMs) return Promise.resolve(last.result);
    running ??= round()
      .then((result) => {
        last = { at: now(), result };
        return result;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
}

/**
 * Whether PostgreSQL, Redis and RabbitMQ answer, over the process's long-lived connections (the
 * Prisma pool, the shared Redis client, one kept AMQP connection), at most once a second.
 */
export const checkReadiness = createReadinessCheck({
  db: () => db.$queryRaw`SELECT 1`,
  redis: () => redis.ping(),
  rabbitmq: () => pingBroker(PROBE_TIMEOUT_MS),
});
