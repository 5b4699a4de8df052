import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { config } from "../config";
import { logger } from "../log";
import { onCleanup } from "../testing/cleanup";
import { RateLimiter } from "./limiter";
import { ioredisScriptClient } from "./script-client";
import { startTcpRelay } from "./test-support/tcp-proxy";
import type { RateLimitIdentity } from "./types";

const prefix = `${config.redis.keyPrefix}ratelimit`;

function connection(url = config.redis.url) {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    retryStrategy: () => 50,
  });
  client.on("error", () => undefined);
  onCleanup(async () => client.disconnect());
  return client;
}

async function ready(client: Redis) {
  if (client.status !== "ready") await new Promise((resolve) => client.once("ready", resolve));
}

function limiter(client: Redis, overrides: Partial<ConstructorParameters<typeof RateLimiter>[0]> = {}) {
  return new RateLimiter({
    redis: ioredisScriptClient(client),
    prefix,
    anonPerMinute: 20,
    userPerMinute: 50,
    ephemeralCache: false,
    retryAfterFailureMs: 100,
    ...overrides,
  });
}

async function spend(target: RateLimiter, identity: RateLimitIdentity, count: number) {
  const results = [];
  for (let i = 0; i < count; i++) results.push(await target.limit(identity));
  return results;
}

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

afterEach(() => vi.restoreAllMocks());

// Windows are minutes since the epoch and the sliding window weights the previous one, so exact
// counts need a burst that stays inside one minute: start in the next minute if this one ends soon.
beforeEach(async () => {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
});

describe("RateLimiter on Redis", () => {
  it("lets 20 anonymous requests through in a minute and refuses the 21st", async () => {
    const client = connection();
    await ready(client);
    const identity = { kind: "anonymous", ip: freshIp() } as const;
    const results = await spend(limiter(client), identity, 21);

    expect(results.slice(0, 20).every((r) => r.success && r.source === "redis")).toBe(true);
    expect(results[0]).toMatchObject({ limit: 20, remaining: 19 });
    expect(results[19]).toMatchObject({ limit: 20, remaining: 0 });
    expect(results[20]).toMatchObject({ success: false, limit: 20, remaining: 0, source: "redis" });
    expect(results[20]!.reset).toBeGreaterThan(Date.now());
    const keys = await client.keys(`${prefix}:anon:ip:${identity.ip}:*`);
    expect(keys).toHaveLength(1);
  });

  it("uses Redis from the very first request, while the connection is still opening", async () => {
    const target = limiter(connection());
    expect(await target.limit({ kind: "anonymous", ip: freshIp() })).toMatchObject({ success: true, source: "redis" });
    expect(target.degraded).toBe(false);
  });

  it("counts a signed-in user by id: the 51st is refused whatever address it comes from", async () => {
    const client = connection();
    await ready(client);
    const target = limiter(client);
    const user = { kind: "user", userId: `user-${Date.now()}` } as const;
    const results = await spend(target, user, 51);
    expect(results.filter((r) => r.success)).toHaveLength(50);
    expect(results[50]).toMatchObject({ success: false, limit: 50 });
    // Another user, and anonymous traffic, keep their own budgets.
    expect((await target.limit({ kind: "user", userId: `other-${Date.now()}` })).success).toBe(true);
    expect((await target.limit({ kind: "anonymous", ip: freshIp() })).success).toBe(true);
  });

  it("shares one count between two limiters on separate connections (two app instances)", async () => {
    const [a, b] = [connection(), connection()];
    await Promise.all([ready(a), ready(b)]);
    const [first, second] = [limiter(a), limiter(b)];
    const identity = { kind: "anonymous", ip: freshIp() } as const;
    await spend(first, identity, 10);
    await spend(second, identity, 10);
    expect((await first.limit(identity)).success).toBe(false);
    expect((await second.limit(identity)).success).toBe(false);
  });

  it("counts IPv6 clients per /64 so rotating addresses inside one block does not help", async () => {
    const client = connection();
    await ready(client);
    const target = limiter(client, { anonPerMinute: 3 });
    for (const suffix of ["1", "2", "3"])
      expect((await target.limit({ kind: "anonymous", ip: `2001:db8:7:1::${suffix}` })).success).toBe(true);
    expect((await target.limit({ kind: "anonymous", ip: "2001:db8:7:1:ffff::9" })).success).toBe(false);
    expect((await target.limit({ kind: "anonymous", ip: "2001:db8:7:2::1" })).success).toBe(true);
  });

  it("keeps using the shared count after Redis forgets its scripts (a restart)", async () => {
    const client = connection();
    await ready(client);
    const target = limiter(client, { anonPerMinute: 5 });
    const identity = { kind: "anonymous", ip: freshIp() } as const;
    await spend(target, identity, 2);
    // A restarted Redis answers NOSCRIPT (flushing the shared server's scripts would disturb other suites).
    vi.spyOn(client, "evalsha").mockRejectedValueOnce(new Error("NOSCRIPT No matching script. Please use EVAL."));
    const results = await spend(target, identity, 4);
    expect(results.map((r) => [r.success, r.source])).toEqual([
      [true, "redis"],
      [true, "redis"],
      [true, "redis"],
      [false, "redis"],
    ]);
  });
});

describe("RateLimiter when Redis is down", () => {
  it("fails open to an in-process limit that still refuses the 21st request, and logs one warning", async () => {
    const warn = vi.spyOn(logger, "warn");
    const client = connection("redis://127.0.0.1:1/0");
    const target = limiter(client);
    const identity = { kind: "anonymous", ip: freshIp() } as const;
    const results = await spend(target, identity, 21);

    expect(results.every((r) => r.source === "memory")).toBe(true);
    expect(results.filter((r) => r.success)).toHaveLength(20);
    expect(results[20]).toMatchObject({ success: false, limit: 20, remaining: 0 });
    expect(target.degraded).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[1]).toMatch(/Redis unavailable/);
  });

  it("answers quickly when Redis hangs instead of refusing connections", async () => {
    const client = connection();
    await ready(client);
    // A script that never returns stands in for a Redis that accepts the command but does not answer.
    const hanging = {
      evalsha: () => new Promise<never>(() => undefined),
      eval: () => new Promise<never>(() => undefined),
    };
    const target = new RateLimiter({
      redis: hanging,
      prefix,
      anonPerMinute: 20,
      userPerMinute: 50,
      ephemeralCache: false,
      timeoutMs: 50,
    });
    // Without the timeout this call would never settle and the test would time out.
    const result = await target.limit({ kind: "anonymous", ip: freshIp() });
    expect(result).toMatchObject({ success: true, source: "memory" });
  });

  it("degrades when Redis goes away mid-stream and resumes the shared count when it is back", async () => {
    const relay = await startTcpRelay();
    onCleanup(() => relay.close());
    const client = connection(relay.url);
    await ready(client);
    const target = limiter(client);
    const identity = { kind: "anonymous", ip: freshIp() } as const;

    const before = await spend(target, identity, 5);
    expect(before.every((r) => r.success && r.source === "redis")).toBe(true);

    await relay.cut();
    const during = await spend(target, identity, 3);
    expect(during.every((r) => r.success && r.source === "memory")).toBe(true);
    expect(target.degraded).toBe(true);

    await relay.restore();
    await ready(client);
    await new Promise((resolve) => setTimeout(resolve, 150)); // past retryAfterFailureMs
    const after = await target.limit(identity);
    expect(after).toMatchObject({ success: true, source: "redis", remaining: 14 }); // 5 before + this one
    expect(target.degraded).toBe(false);

    const rest = await spend(target, identity, 15);
    expect(rest.filter((r) => r.success)).toHaveLength(14);
    expect(rest[14]).toMatchObject({ success: false, source: "redis" });
  });
});
