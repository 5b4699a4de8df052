// The rate limiter's added latency per request: each scenario is timed with the limiter call
// and without it (same work otherwise), in the same run, sequentially on the local Redis.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { encodeSessionToken } from "../lib/auth/session/cookie";
import { config } from "../lib/config";
import { clientIp } from "../lib/http/client-ip";
import { RateLimiter, ioredisScriptClient } from "../lib/ratelimit";
import { requestIdentity } from "../lib/ratelimit/request-identity";
import { SESSION_COOKIE_NAME } from "../lib/auth/session/cookie";

const ITERATIONS = 3_000;
const WARMUP = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(
  iterations: number,
  run: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p99: number; mean: number }> {
  for (let i = 0; i < WARMUP; i++) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  samples.sort((x, y) => x - y);
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    mean: samples.reduce((s, v) => s + v, 0) / samples.length,
  };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

function report(name: string, baseline: Awaited<ReturnType<typeof time>>, limited: Awaited<ReturnType<typeof time>>) {
  console.log(
    `${name.padEnd(44)} without: p50 ${ms(baseline.p50)} p99 ${ms(baseline.p99)} | with: p50 ${ms(limited.p50)} p99 ${ms(limited.p99)} | added p50 ${ms(limited.p50 - baseline.p50)} p99 ${ms(limited.p99 - baseline.p99)}`,
  );
}

export default async function bench(): Promise<void> {
  const prefix = `${config.redis.keyPrefix}bench:ratelimit:${process.pid}`;
  const client = new Redis(config.redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  await new Promise((resolve, reject) => {
    client.once("ready", resolve);
    client.once("error", reject);
  });
  // Limits high enough that nothing is refused: we time the decision, not the refusal.
  const limiter = new RateLimiter({
    redis: ioredisScriptClient(client),
    prefix,
    anonPerMinute: 1_000_000,
    userPerMinute: 1_000_000,
  });
  const down = new Redis("redis://127.0.0.1:1/0", {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
  });
  down.on("error", () => undefined);
  const fallback = new RateLimiter({
    redis: ioredisScriptClient(down),
    prefix,
    anonPerMinute: 1_000_000,
    userPerMinute: 1_000_000,
  });

  const addresses = Array.from({ length: 500 }, (_, i) => `198.51.${Math.floor(i / 250)}.${i % 250}`);
  const anonHeaders = addresses.map((ip) => new Headers({ "x-forwarded-for": `6.6.6.6, ${ip}` }));
  const cookies = await Promise.all(
    Array.from(
      { length: 50 },
      async (_, i) =>
        new Headers({
          cookie: `${SESSION_COOKIE_NAME}=${await encodeSessionToken({ sub: `bench-user-${i}`, sid: randomBytes(8).toString("hex"), aexp: Math.floor(Date.now() / 1000) + 3_600 }, 3_600)}`,
          "x-forwarded-for": "198.51.100.1",
        }),
    ),
  );

  console.log(`${ITERATIONS} sequential decisions per row, Redis ${config.redis.url}`);
  report(
    "anonymous: client IP + limit() on Redis",
    await time(ITERATIONS, async (i) => clientIp(anonHeaders[i % anonHeaders.length]!)),
    await time(ITERATIONS, async (i) =>
      limiter.limit({ kind: "anonymous", ip: clientIp(anonHeaders[i % anonHeaders.length]!) }),
    ),
  );
  report(
    "signed in: cookie decode + limit() on Redis",
    await time(ITERATIONS, async (i) => requestIdentity(cookies[i % cookies.length]!)),
    await time(ITERATIONS, async (i) => limiter.limit(await requestIdentity(cookies[i % cookies.length]!))),
  );
  // 16 requests in flight at once, as under load: the time for the whole batch of 16.
  const batchOf16 = (run: (i: number) => Promise<unknown>) => {
    let next = 0;
    return time(ITERATIONS / 16, () => Promise.all(Array.from({ length: 16 }, () => run(next++))));
  };
  report(
    "anonymous, 16 at once (per batch of 16)",
    await batchOf16(async (i) => clientIp(anonHeaders[i % anonHeaders.length]!)),
    await batchOf16(async (i) =>
      limiter.limit({ kind: "anonymous", ip: clientIp(anonHeaders[i % anonHeaders.length]!) }),
    ),
  );
  report(
    "Redis down: in-process fallback limit()",
    await time(ITERATIONS, async (i) => clientIp(anonHeaders[i % anonHeaders.length]!)),
    await time(ITERATIONS, async (i) =>
      fallback.limit({ kind: "anonymous", ip: clientIp(anonHeaders[i % anonHeaders.length]!) }),
    ),
  );

  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1_000);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  client.disconnect();
  down.disconnect();
}
