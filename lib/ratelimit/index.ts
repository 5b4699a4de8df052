import { config } from "../config";
import { createRedis } from "../redis";
import { RateLimiter } from "./limiter";
import { ioredisScriptClient, type ScriptClient } from "./script-client";
import { upstashScriptClient } from "./upstash-client";

export { RateLimiter, type RateLimiterOptions } from "./limiter";
export { ioredisScriptClient, type ScriptClient } from "./script-client";
export { upstashScriptClient } from "./upstash-client";
export { rateLimitHeaders, rejectionHeaders } from "./headers";
export { isRateLimited } from "./scope";
export { requestIdentity, type UserIdResolver } from "./request-identity";
export type { RateLimitIdentity, RateLimitResult } from "./types";

/**
 * The connection the limiter counts through. Its commands fail at once while Redis is
 * disconnected (no offline queue, no retries), so a request never waits for a reconnect; the
 * client keeps reconnecting in the background and the shared count resumes when it is back.
 */
export function createRateLimitRedis(): ScriptClient {
  const upstash = config.rateLimit.upstash;
  if (upstash) return upstashScriptClient(upstash);
  return ioredisScriptClient(
    createRedis({
      prefix: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      // Reconnect within a second of Redis coming back, so shared limits resume quickly.
      retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1_000),
    }),
  );
}

export function createRateLimiter(overrides: Partial<ConstructorParameters<typeof RateLimiter>[0]> = {}): RateLimiter {
  return new RateLimiter({
    redis: overrides.redis ?? createRateLimitRedis(),
    // A REST round trip to a hosted Redis takes longer than one to a local Redis.
    timeoutMs: config.rateLimit.upstash ? 750 : 250,
    prefix: `${config.redis.keyPrefix}ratelimit`,
    anonPerMinute: config.rateLimit.anonPerMinute,
    userPerMinute: config.rateLimit.userPerMinute,
    ...overrides,
  });
}

const globalForLimiter = globalThis as unknown as { authcoreRateLimiter?: RateLimiter };

/** The process's limiter, created on first use (not when `next build` loads the module). */
export function rateLimiter(): RateLimiter {
  globalForLimiter.authcoreRateLimiter ??= createRateLimiter();
  return globalForLimiter.authcoreRateLimiter;
}
