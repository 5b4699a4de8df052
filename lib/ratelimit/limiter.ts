import { Ratelimit } from "@upstash/ratelimit";
import { logger } from "../log";
import { MemorySlidingWindow } from "./memory-window";
import type { ScriptClient } from "./script-client";
import type { RateLimitIdentity, RateLimitResult } from "./types";
import { identityKey } from "./identity";
import { withTimeout } from "../util/timeout";

export type RateLimiterOptions = {
  /** Where the shared count lives: the ioredis adapter or an @upstash/redis REST client. */
  redis: ScriptClient;
  /** Key prefix in Redis (include REDIS_KEY_PREFIX). */
  prefix: string;
  anonPerMinute: number;
  userPerMinute: number;
  /** Longest wait for Redis before the request is decided in process instead. */
  timeoutMs?: number;
  /** After a Redis failure, how long to decide in process before trying Redis again. */
  retryAfterFailureMs?: number;
  /** Remember identities over the limit in process until their window ends (saves a round trip). */
  ephemeralCache?: boolean;
};

const WINDOW_MS = 60_000;

/**
 * Sliding-window limits shared by every instance through Redis (@upstash/ratelimit), anonymous
 * clients per address and signed-in users per id. When Redis cannot answer in time the request
 * is decided by an in-process limiter instead (fail open, but still bounded), a warning is
 * logged once per outage, and Redis is tried again after `retryAfterFailureMs`.
 */
export class RateLimiter {
  private readonly anonymous: Ratelimit;
  private readonly user: Ratelimit;
  private readonly fallback = new MemorySlidingWindow(WINDOW_MS);
  private readonly timeoutMs: number;
  private readonly retryAfterFailureMs: number;
  private redisRetryAt = 0;
  private degradedSince: number | null = null;

  constructor(private readonly options: RateLimiterOptions) {
    this.timeoutMs = options.timeoutMs ?? 250;
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? 1_000;
    const common = {
      // The adapter only provides evalsha/eval, which is all the single-region sliding window uses.
      redis: options.redis as unknown as ConstructorParameters<typeof Ratelimit>[0]["redis"],
      ephemeralCache: options.ephemeralCache === false ? (false as const) : new Map<string, number>(),
      // Our own timeout below falls back to the in-process limiter; the library's would let everything through.
      timeout: 0,
      analytics: false,
    };
    this.anonymous = new Ratelimit({
      ...common,
      prefix: `${options.prefix}:anon`,
      limiter: Ratelimit.slidingWindow(options.anonPerMinute, "60 s"),
    });
    this.user = new Ratelimit({
      ...common,
      prefix: `${options.prefix}:user`,
      limiter: Ratelimit.slidingWindow(options.userPerMinute, "60 s"),
    });
  }

  /** True while requests are being decided in process because Redis is unreachable. */
  get degraded(): boolean {
    return this.degradedSince !== null;
  }

  async limit(identity: RateLimitIdentity): Promise<RateLimitResult> {
    const key = identityKey(identity);
    const [ratelimit, tokens] =
      identity.kind === "user" ? [this.user, this.options.userPerMinute] : [this.anonymous, this.options.anonPerMinute];
    if (Date.now() >= this.redisRetryAt) {
      try {
        const result = await withTimeout(
          ratelimit.limit(key),
          this.timeoutMs,
          `Redis did not answer within ${this.timeoutMs} ms`,
        );
        this.markRecovered();
        return {
          success: result.success,
          limit: result.limit,
          remaining: result.remaining,
          reset: result.reset,
          source: "redis",
        };
      } catch (error) {
        this.markDegraded(error);
      }
    }
    return { ...this.fallback.limit(`${identity.kind}:${key}`, tokens), source: "memory" };
  }

  private markDegraded(error: unknown) {
    this.redisRetryAt = Date.now() + this.retryAfterFailureMs;
    if (this.degradedSince !== null) return;
    this.degradedSince = Date.now();
    logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      "rate limiter: Redis unavailable, limiting per instance in memory until it is back",
    );
  }

  private markRecovered() {
    if (this.degradedSince === null) return;
    logger.info({ degradedMs: Date.now() - this.degradedSince }, "rate limiter: Redis is back, shared limits resumed");
    this.degradedSince = null;
  }
}
