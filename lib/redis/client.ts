import { Redis, type RedisOptions } from "ioredis";
import { config } from "../config";
import { logger } from "../log";

const common: RedisOptions = {
  // Fail a command quickly when Redis is unreachable so callers can fall back instead of hanging.
  maxRetriesPerRequest: 1,
  connectTimeout: 2_000,
  commandTimeout: 2_000,
  retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 5_000),
};

/** Creates a connection. Keys are prefixed with REDIS_KEY_PREFIX unless `prefix: false`. */
export function createRedis(options: RedisOptions & { prefix?: boolean } = {}): Redis {
  const { prefix = true, ...rest } = options;
  const client = new Redis(config.redis.url, {
    ...common,
    ...(prefix ? { keyPrefix: config.redis.keyPrefix } : {}),
    ...rest,
  });
  // One warning per outage, not one per reconnect attempt, and a line when it is back.
  let down = false;
  client.on("error", (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error.message }, "redis connection error: retrying in the background");
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info("redis connection restored");
  });
  return client;
}

const globalForRedis = globalThis as unknown as { authcoreRedis?: Redis };

/** The shared connection for caches, revocation lists and rate limits (keys are prefixed). */
export const redis: Redis = globalForRedis.authcoreRedis ?? createRedis();
if (!config.isProduction) globalForRedis.authcoreRedis = redis;
