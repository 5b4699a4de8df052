import { AppError } from "../errors";
import { logger } from "../log";
import { redis } from "../redis";
import { sha256 } from "./tokens";

/**
 * Failed logins are counted per (account, client IP) in a fixed 15-minute window. After 5, that
 * IP gets 429 + Retry-After for that account until the window ends, without the password being
 * checked. Counting per IP means an attacker cannot lock the owner out from everywhere; unknown
 * identifiers are counted exactly like real ones so the limit reveals nothing. When Redis is
 * unreachable the limit is skipped (logged): availability over a temporary weaker limit.
 */
export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;

/**
 * The account a password guess is counted against. Login and password change share it, so
 * guesses through either spend the same budget; an unknown identifier gets its own key.
 */
export function failureAccountKey(account: { userId: string } | { identifier: string }): string {
  return "userId" in account ? `user:${account.userId}` : `identifier:${account.identifier}`;
}

const key = (accountKey: string, ip: string) => `bruteforce:login:${sha256(accountKey)}:${ip}`;

/** Throws 429 when this IP has used up its failed attempts for this account. */
export async function assertLoginAllowed(accountKey: string, ip: string): Promise<void> {
  const counter = key(accountKey, ip);
  let failures = 0;
  let ttl = 0;
  try {
    const [[, count], [, remaining]] = (await redis.multi().get(counter).ttl(counter).exec()) as [
      [Error | null, string | null],
      [Error | null, number],
    ];
    failures = Number(count ?? 0);
    ttl = remaining;
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "brute-force counter unavailable: login not limited");
    return;
  }
  if (failures >= LOGIN_FAILURE_LIMIT) {
    const retryAfter = String(ttl > 0 ? ttl : LOGIN_FAILURE_WINDOW_SECONDS);
    throw new AppError("rate_limited", "Too many failed sign-in attempts. Try again later.", undefined, {
      "Retry-After": retryAfter,
    });
  }
}

export async function recordLoginFailure(accountKey: string, ip: string): Promise<void> {
  const counter = key(accountKey, ip);
  try {
    await redis.multi().incr(counter).expire(counter, LOGIN_FAILURE_WINDOW_SECONDS, "NX").exec();
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "brute-force counter unavailable: failure not recorded");
  }
}

export async function clearLoginFailures(accountKey: string, ip: string): Promise<void> {
  await redis.del(key(accountKey, ip)).catch(() => undefined);
}
