import { config } from "../config";
import { db, TokenPurpose } from "../db";
import { enqueueEmail } from "../email/outbox";
import { AppError } from "../errors";
import { addressBucket } from "../http/client-ip";
import { logger } from "../log";
import { redis } from "../redis";
import { recordAudit } from "../audit";
import { trustedDeviceId } from "./device-cookie";
import { PasswordPoolFullError } from "./password/pool";
import type { RequestMeta } from "./session/meta";
import { issueActionToken, sha256, TOKEN_TTL_SECONDS } from "./tokens";

/**
 * The brute-force rules for every password check (sign-in, activation, password change,
 * re-authentication), in one place: decisions 022 and 024.
 *
 * A browser without a device cookie for the account ("untrusted") spends three budgets:
 * - per account, whatever the address or identifier: at the lockout threshold
 *   (ACCOUNT_LOCKOUT_THRESHOLD) failures the account is locked for untrusted browsers for
 *   {@link LOCK_SECONDS}, or until the emailed unlock link is used. A correct password does not
 *   unlock it: while locked the password is not even compared;
 * - per identifier as typed (the username, or the email): after {@link DELAY_FREE_FAILURES}
 *   failures each next attempt must wait a delay that doubles ({@link failureDelaySeconds});
 * - per (identifier, client address; IPv6 per /64): {@link ADDRESS_FAILURE_LIMIT} failures in a
 *   fixed {@link ADDRESS_WINDOW_SECONDS}-second window, then 429 until the window ends.
 * Failures are forgotten {@link ACCOUNT_FAILURE_WINDOW_SECONDS} after the last one, and by a
 * successful sign-in. The delay and address budgets follow the identifier, not the account, so
 * that guessing through a username does not change how its email answers (which would tell that
 * the two belong together); only the lock, which emails the owner, is shared.
 * A browser with a valid device cookie for the account (./device-cookie.ts) spends only that
 * device's budget (the same threshold, the same lock duration) and ignores the others, so a
 * stranger's guessing cannot lock the owner out.
 *
 * Every attempt is reserved in Redis by one script *before* the password is compared (counted as
 * a failure up front, released on success), so parallel guesses cannot all slip through. Unknown
 * identifiers run exactly the same script under their own keys, so the refusal (429 with
 * Retry-After, the same body) is the same whether the account exists or not. With Redis
 * unreachable the limits are skipped (logged): availability over a temporarily weaker limit; the
 * per-address request rate limit of proxy.ts still applies.
 */
export const ADDRESS_FAILURE_LIMIT = 5;
export const ADDRESS_WINDOW_SECONDS = 15 * 60;
export const DELAY_FREE_FAILURES = 5;
export const ACCOUNT_FAILURE_WINDOW_SECONDS = 24 * 3600;
/** A lock lasts as long as the unlock link it emails. */
export const LOCK_SECONDS = TOKEN_TTL_SECONDS[TokenPurpose.ACCOUNT_UNLOCK];
const FIRST_DELAY_SECONDS = 15;
const MAX_DELAY_SECONDS = 15 * 60;

/** How long an untrusted browser waits after an identifier's `failures`-th failure: 0, then 15 s, 30 s, … 15 min. */
export function failureDelaySeconds(failures: number): number {
  if (failures < DELAY_FREE_FAILURES) return 0;
  return Math.min(FIRST_DELAY_SECONDS * 2 ** (failures - DELAY_FREE_FAILURES), MAX_DELAY_SECONDS);
}

/**
 * Whose password is guessed: an account (with the identifier typed, for a sign-in), or an
 * identifier that names no account. Every form that checks a password names the account, so
 * guesses through any of them add up to the same lock.
 */
export type GuessSubject = { userId: string; identifier?: string } | { identifier: string };

// Hashed, so no identifier sits in Redis.
const accountKey = (subject: GuessSubject) =>
  sha256("userId" in subject ? `user:${subject.userId}` : `identifier:${subject.identifier}`);
const identifierKey = (subject: GuessSubject) =>
  sha256(
    "userId" in subject && subject.identifier === undefined
      ? `user:${subject.userId}`
      : `identifier:${subject.identifier}`,
  );

function keys(subject: GuessSubject, ip: string): string[] {
  const account = accountKey(subject);
  const identifier = identifierKey(subject);
  return [
    `bruteforce:account:${account}`,
    `bruteforce:delay:${identifier}`,
    `bruteforce:address:${identifier}:${addressBucket(ip)}`,
    `bruteforce:devices:${account}`,
  ];
}

// KEYS: account {f: failures, until: ms the lock ends}, identifier {f, next: ms before which no
// attempt}, address counter, devices {<id>:f, <id>:u}. Returns {1, failures} when the attempt may
// go ahead (already counted as a failure; the account's count, or the device's) or
// {0, retryAfterSeconds}.
const RESERVE = `
local now = tonumber(ARGV[2])
local threshold = tonumber(ARGV[3])
local lockMs = tonumber(ARGV[7])
local function ms(value) return string.format("%.0f", value) end
local function wait(untilMs) return math.max(1, math.ceil((untilMs - now) / 1000)) end
if ARGV[1] == "device" then
  local fField, uField = ARGV[8] .. ":f", ARGV[8] .. ":u"
  local state = redis.call("HMGET", KEYS[4], fField, uField)
  local failures, lockedUntil = tonumber(state[1]) or 0, tonumber(state[2]) or 0
  if lockedUntil > 0 then
    if now < lockedUntil then return {0, wait(lockedUntil)} end
    failures = 0
    redis.call("HDEL", KEYS[4], uField)
  end
  failures = failures + 1
  redis.call("HSET", KEYS[4], fField, failures)
  if failures >= threshold then redis.call("HSET", KEYS[4], uField, ms(now + lockMs)) end
  redis.call("PEXPIRE", KEYS[4], lockMs)
  return {1, failures}
end
local account = redis.call("HMGET", KEYS[1], "f", "until")
local total, lockedUntil = tonumber(account[1]) or 0, tonumber(account[2]) or 0
if lockedUntil > 0 then
  if now < lockedUntil then return {0, wait(lockedUntil)} end
  redis.call("DEL", KEYS[1], KEYS[2])
  total = 0
end
local fromAddress = tonumber(redis.call("GET", KEYS[3])) or 0
if fromAddress >= tonumber(ARGV[4]) then return {0, math.max(1, redis.call("TTL", KEYS[3]))} end
local identifier = redis.call("HMGET", KEYS[2], "f", "next")
local failures, nextAt = tonumber(identifier[1]) or 0, tonumber(identifier[2]) or 0
if now < nextAt then return {0, wait(nextAt)} end
failures = failures + 1
local delayFree = tonumber(ARGV[9])
local delay = 0
if failures >= delayFree then
  delay = math.min(tonumber(ARGV[10]) * 2 ^ (failures - delayFree), tonumber(ARGV[11])) * 1000
end
redis.call("HSET", KEYS[2], "f", failures, "next", ms(now + delay))
redis.call("PEXPIRE", KEYS[2], tonumber(ARGV[6]))
total = total + 1
redis.call("HSET", KEYS[1], "f", total)
if total >= threshold then
  redis.call("HSET", KEYS[1], "until", ms(now + lockMs))
  redis.call("PEXPIRE", KEYS[1], lockMs)
else
  redis.call("PEXPIRE", KEYS[1], tonumber(ARGV[6]))
end
if redis.call("INCR", KEYS[3]) == 1 then redis.call("EXPIRE", KEYS[3], tonumber(ARGV[5])) end
return {1, total}
`;

// A successful attempt gives its reservation back and clears the failures it was counted with.
// A lock that another (concurrent) attempt set stays: only the reservation that set it removes it.
const RELEASE = `
local failures, threshold = tonumber(ARGV[3]), tonumber(ARGV[4])
if ARGV[1] == "device" then
  local lockedUntil = tonumber(redis.call("HGET", KEYS[4], ARGV[2] .. ":u")) or 0
  if lockedUntil > 0 and failures < threshold then return 0 end
  redis.call("HDEL", KEYS[4], ARGV[2] .. ":f", ARGV[2] .. ":u")
  return 1
end
redis.call("DEL", KEYS[2], KEYS[3])
local lockedUntil = tonumber(redis.call("HGET", KEYS[1], "until")) or 0
if lockedUntil > 0 and failures < threshold then return 0 end
redis.call("DEL", KEYS[1])
return 1
`;

// A right password whose sign-in still needs its second factor gives back only its own
// reservation: the account's (or device's) earlier failures stay counted, so someone who knows
// the password cannot wipe the count between guesses at the code. A lock this reservation set is
// lifted with it; the identifier's delay and the address budget follow RELEASE (they are about
// guessing the password, which was right).
const GIVE_BACK = `
local failures, threshold = tonumber(ARGV[3]), tonumber(ARGV[4])
if ARGV[1] == "device" then
  local fField, uField = ARGV[2] .. ":f", ARGV[2] .. ":u"
  local count = tonumber(redis.call("HGET", KEYS[4], fField)) or 0
  if count > 0 then redis.call("HSET", KEYS[4], fField, count - 1) end
  if failures >= threshold then redis.call("HDEL", KEYS[4], uField) end
  return 1
end
redis.call("DEL", KEYS[2], KEYS[3])
local count = tonumber(redis.call("HGET", KEYS[1], "f")) or 0
if count > 0 then redis.call("HSET", KEYS[1], "f", count - 1) end
if failures >= threshold then redis.call("HDEL", KEYS[1], "until") end
return 1
`;

// An attempt refused before its check (a full password pool: 503) takes back exactly what its
// reservation counted, everywhere, and clears nothing else: flooding the pool must not wipe the
// failures that guesses before it earned. A delay this reservation set goes with it (the delay of
// the failure before had passed, or the attempt would not have been reserved).
const UNDO = `
local failures, threshold = tonumber(ARGV[3]), tonumber(ARGV[4])
local function decrement(key, field)
  local count = tonumber(redis.call("HGET", key, field)) or 0
  if count > 0 then redis.call("HSET", key, field, count - 1) end
end
if ARGV[1] == "device" then
  decrement(KEYS[4], ARGV[2] .. ":f")
  if failures >= threshold then redis.call("HDEL", KEYS[4], ARGV[2] .. ":u") end
  return 1
end
decrement(KEYS[1], "f")
if failures >= threshold then redis.call("HDEL", KEYS[1], "until") end
decrement(KEYS[2], "f")
redis.call("HDEL", KEYS[2], "next")
if (tonumber(redis.call("GET", KEYS[3])) or 0) > 0 then redis.call("DECR", KEYS[3]) end
return 1
`;

type Scripts = {
  bruteForceReserve(...args: (string | number)[]): Promise<[number, number]>;
  bruteForceRelease(...args: (string | number)[]): Promise<number>;
  bruteForceGiveBack(...args: (string | number)[]): Promise<number>;
  bruteForceUndo(...args: (string | number)[]): Promise<number>;
};

function scripts(): Scripts {
  const client = redis as unknown as Scripts & typeof redis;
  // Stryker disable next-line StringLiteral: defining the scripts again on every call would be harmless (idempotent)
  if (typeof client.bruteForceReserve !== "function") {
    redis.defineCommand("bruteForceReserve", { numberOfKeys: 4, lua: RESERVE });
    redis.defineCommand("bruteForceRelease", { numberOfKeys: 4, lua: RELEASE });
    redis.defineCommand("bruteForceGiveBack", { numberOfKeys: 4, lua: GIVE_BACK });
    redis.defineCommand("bruteForceUndo", { numberOfKeys: 4, lua: UNDO });
  }
  return client;
}

type Reservation = { keys: string[]; mode: "account" | "device"; deviceId: string; failures: number };

function tooManyAttempts(retryAfterSeconds: number): AppError {
  return new AppError("rate_limited", "Too many failed sign-in attempts. Try again later.", undefined, {
    "Retry-After": String(retryAfterSeconds),
  });
}

/** Counts the attempt as a failure before it is made; throws 429 when a budget is spent. Null: Redis is down. */
async function reserveAttempt(subject: GuessSubject, ip: string, deviceId: string | null): Promise<Reservation | null> {
  const reservation = {
    keys: keys(subject, ip),
    mode: deviceId ? ("device" as const) : ("account" as const),
    // Stryker disable next-line StringLiteral: the device id is only read in device mode, where it is never null
    deviceId: deviceId ?? "",
  };
  let result: [number, number];
  try {
    result = await scripts().bruteForceReserve(
      ...reservation.keys,
      reservation.mode,
      Date.now(),
      config.auth.lockoutThreshold,
      ADDRESS_FAILURE_LIMIT,
      ADDRESS_WINDOW_SECONDS,
      ACCOUNT_FAILURE_WINDOW_SECONDS * 1000,
      LOCK_SECONDS * 1000,
      reservation.deviceId,
      DELAY_FREE_FAILURES,
      FIRST_DELAY_SECONDS,
      MAX_DELAY_SECONDS,
    );
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "brute-force counter unavailable: password check not limited");
    return null;
  }
  const [allowed, value] = result;
  if (allowed !== 1) throw tooManyAttempts(value);
  return { ...reservation, failures: value };
}

/**
 * What became of a reserved attempt: a right password that ends the sign-in (RELEASE), a right
 * password a second factor still follows (GIVE_BACK), or no check at all (UNDO).
 */
type Settled = "succeeded" | "second-step-follows" | "not-checked";

async function settleAttempt(reservation: Reservation, settled: Settled): Promise<void> {
  const args = [
    ...reservation.keys,
    reservation.mode,
    reservation.deviceId,
    reservation.failures,
    config.auth.lockoutThreshold,
  ];
  try {
    const client = scripts();
    if (settled === "succeeded") await client.bruteForceRelease(...args);
    else if (settled === "second-step-follows") await client.bruteForceGiveBack(...args);
    else await client.bruteForceUndo(...args);
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "brute-force counter unavailable: success not recorded");
  }
}

/**
 * The account just locked (once per lock: only the reservation that reached the threshold gets
 * here): audit it and email the owner a one-time unlock link, which lasts as long as the lock.
 * Not awaited by the caller, so the failed attempt that locks a real account answers as fast as
 * one on an unknown identifier, which has nobody to email.
 */
async function accountLocked(userId: string, meta: RequestMeta): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.findUnique({
        where: { id: userId },
        select: { email: true, username: true, firstName: true, disabledAt: true },
      });
      if (!user) return;
      await recordAudit("account.locked", { userId, meta, data: { failures: config.auth.lockoutThreshold } }, tx);
      // A disabled account cannot sign in anyway: nothing to unlock it for.
      if (user.disabledAt) return;
      const { token, expiresAt } = await issueActionToken(tx, userId, TokenPurpose.ACCOUNT_UNLOCK);
      await enqueueEmail(
        {
          template: "account-unlock",
          to: user.email,
          data: { username: user.username, firstName: user.firstName, token },
        },
        tx,
        {
          expiresAt,
        },
      );
    });
  } catch (error) {
    logger.error({ err: (error as Error).message, userId }, "account locked, but the unlock email was not queued");
  }
}

/**
 * One password check under the brute-force rules, for every place a password is checked (login,
 * activation, password change, re-authentication): when a budget is spent it throws 429 (with
 * Retry-After) before `compare` runs; otherwise it reserves the attempt, runs `compare`, and
 * releases the reservation on success. `meta.deviceCookie` decides which budget applies.
 * `options.clearsFailures`, asked after a match, answers false when the success is not the end
 * of the sign-in (a second factor follows): then only this attempt is given back and earlier
 * failures stay counted until the second factor, checked under the same budget, succeeds.
 */
export async function guardedPasswordCheck(
  subject: GuessSubject,
  meta: RequestMeta,
  compare: () => Promise<boolean>,
  options: { clearsFailures?: () => boolean } = {},
): Promise<boolean> {
  const deviceId = "userId" in subject ? trustedDeviceId(meta.deviceCookie, subject.userId) : null;
  const reservation = await reserveAttempt(subject, meta.ip, deviceId);
  let matches = false;
  // A full password pool refuses before hashing (503): no guess was checked, so none is counted.
  let refused = false;
  try {
    matches = await compare();
  } catch (error) {
    refused = error instanceof PasswordPoolFullError;
    throw error;
  } finally {
    if (reservation && refused) await settleAttempt(reservation, "not-checked");
    else if (reservation && matches)
      await settleAttempt(reservation, (options.clearsFailures?.() ?? true) ? "succeeded" : "second-step-follows");
    // Any other compare that threw counts as the failure it was reserved as.
    const locked =
      reservation?.mode === "account" && reservation.failures >= config.auth.lockoutThreshold && !matches && !refused;
    if (locked && "userId" in subject) void accountLocked(subject.userId, meta);
  }
  return matches;
}

/**
 * The unlock link was used: the account's lock and failures, its devices' budgets, and the
 * delays and unlocking browser's address budgets of its username and email are cleared. Throws
 * 503 when Redis cannot be reached (the caller's transaction then keeps the link usable).
 */
export async function clearFailedSignIns(
  user: { id: string; usernameKey: string; email: string },
  meta: RequestMeta,
): Promise<void> {
  const subjects: GuessSubject[] = [
    { userId: user.id },
    { userId: user.id, identifier: user.usernameKey },
    { userId: user.id, identifier: user.email },
  ];
  try {
    await redis.del(...new Set(subjects.flatMap((subject) => keys(subject, meta.ip))));
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "brute-force counter unavailable: account not unlocked");
    throw new AppError(
      "service_unavailable",
      "Unlocking is not possible right now. Try again in a minute.",
      undefined,
      {
        "Retry-After": "60",
      },
    );
  }
}
