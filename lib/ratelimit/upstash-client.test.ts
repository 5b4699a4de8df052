import { Redis } from "ioredis";
import { beforeEach, describe, expect, it } from "vitest";
import { config } from "../config";
import { onCleanup } from "../testing/cleanup";
import { RateLimiter } from "./limiter";
import { ioredisScriptClient } from "./script-client";
import { startFakeUpstash } from "./test-support/fake-upstash";
import { upstashScriptClient } from "./upstash-client";

const prefix = `${config.redis.keyPrefix}ratelimit`;

// Exact counts need a burst inside one minute window (see limiter.test.ts).
beforeEach(async () => {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
});

describe("rate limits through Upstash's REST API", () => {
  it("refuses the 21st request and shares the count with instances on the same database", async () => {
    const redis = new Redis(config.redis.url);
    onCleanup(async () => redis.disconnect());
    const upstash = await startFakeUpstash(redis, "secret-token");
    onCleanup(() => upstash.close());

    const common = { prefix, anonPerMinute: 20, userPerMinute: 50, ephemeralCache: false, timeoutMs: 2_000 };
    const rest = new RateLimiter({
      ...common,
      redis: upstashScriptClient({ url: upstash.url, token: "secret-token" }),
    });
    const direct = new RateLimiter({ ...common, redis: ioredisScriptClient(redis) });
    const identity = { kind: "anonymous", ip: "192.0.2.44" } as const;

    const results = [];
    for (let i = 0; i < 15; i++) results.push(await rest.limit(identity));
    for (let i = 0; i < 5; i++) results.push(await direct.limit(identity));
    expect(results.every((r) => r.success && r.source === "redis")).toBe(true);
    expect(results.map((r) => r.remaining)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
    expect(await rest.limit(identity)).toMatchObject({ success: false, limit: 20, remaining: 0, source: "redis" });
    // The library's EVALSHA first, EVAL once on NOSCRIPT, then EVALSHA from then on.
    expect(upstash.commands.slice(0, 3).map((c) => c[0])).toEqual(["evalsha", "eval", "evalsha"]);
  });

  it("falls back to the in-process limit when the REST endpoint refuses or is unreachable", async () => {
    const redis = new Redis(config.redis.url);
    onCleanup(async () => redis.disconnect());
    const upstash = await startFakeUpstash(redis, "right-token");
    onCleanup(() => upstash.close());
    const common = { prefix, anonPerMinute: 20, userPerMinute: 50, ephemeralCache: false, timeoutMs: 2_000 };

    const wrongToken = new RateLimiter({ ...common, redis: upstashScriptClient({ url: upstash.url, token: "wrong" }) });
    expect(await wrongToken.limit({ kind: "anonymous", ip: "192.0.2.45" })).toMatchObject({
      success: true,
      source: "memory",
    });

    const unreachable = new RateLimiter({
      ...common,
      redis: upstashScriptClient({ url: "http://127.0.0.1:1", token: "t" }),
    });
    expect(await unreachable.limit({ kind: "anonymous", ip: "192.0.2.46" })).toMatchObject({
      success: true,
      source: "memory",
    });
  });
});
