import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { config, loadConfig } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import { insertUser, queuedEmails } from "../testing/fixtures";
import { redis } from "../redis";
import {
  ACCOUNT_FAILURE_WINDOW_SECONDS,
  ADDRESS_FAILURE_LIMIT,
  ADDRESS_WINDOW_SECONDS,
  DELAY_FREE_FAILURES,
  LOCK_SECONDS,
  clearFailedSignIns,
  failureDelaySeconds,
  guardedPasswordCheck,
} from "./brute-force";
import { issueDeviceCookie } from "./device-cookie";
import { sha256 } from "./tokens";
import { PasswordPoolFullError, passwordComparisons } from "./password/pool";
import { signIn, verifyCredentials } from "./session/sign-in";

// The unlock email is queued in the background of the failure that locks: give it time on a busy machine.
const POLL = { timeout: 15_000 };

const THRESHOLD = config.auth.lockoutThreshold;
const WRONG = "Wrong-password-1";
// Longer than any delay between failures (at most 15 minutes).
const PAST_ANY_DELAY_MS = 16 * 60 * 1000;

let addressCounter = 0;
/** A client address not used before in this file. */
function newAddress(): string {
  addressCounter += 1;
  return `198.18.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}
/** Who asks: a fresh address unless one is given, and the browser's device cookie if any. */
function meta(ip?: string, deviceCookie?: string | null) {
  return { ip: ip ?? newAddress(), userAgent: "vitest", deviceCookie };
}

type Outcome = { ok: true } | { ok: false; code: string; retryAfter: string | null };

/** One sign-in attempt as the login form makes it: the outcome, never a throw. */
async function attempt(identifier: string, password: string, m = meta()): Promise<Outcome> {
  try {
    await verifyCredentials(identifier, password, m);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false, code: error.code, retryAfter: error.headers?.["Retry-After"] ?? null };
  }
}

/** Moves the clock the rules read (Date only: timers, Redis and the database keep real time). */
function advance(ms: number) {
  vi.setSystemTime(Date.now() + ms);
}

/** `count` failed guesses, each from a new address and after any delay: what a patient botnet does. */
async function failFromManyAddresses(identifier: string, count: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < count; i++) {
    outcomes.push(await attempt(identifier, WRONG, meta()));
    advance(PAST_ANY_DELAY_MS);
  }
  return outcomes;
}

async function unlockEmails(to: string) {
  return (await queuedEmails(to)).filter((m) => m.template === "account-unlock");
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Failures one short of the address budget, the right password, then a whole budget of wrong guesses, all compared. */
async function failSucceedAndFailAgain(user: { username: string; password: string }, ip: string) {
  for (let i = 0; i < ADDRESS_FAILURE_LIMIT - 1; i++) await attempt(user.username, WRONG, meta(ip));
  expect(await attempt(user.username, user.password, meta(ip))).toEqual({ ok: true });
  for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++)
    expect(await attempt(user.username, WRONG, meta(ip))).toMatchObject({ code: "invalid_credentials" });
}

describe("a successful check", () => {
  it("defines the counter's scripts on a connection that lacks them, and both work", async () => {
    // A new connection (another process, a restart) has neither script defined yet.
    const client = redis as unknown as Record<string, unknown>;
    delete client.bruteForceReserve;
    delete client.bruteForceRelease;
    const user = await insertUser();
    const ip = newAddress();
    await failSucceedAndFailAgain(user, ip);
    expect(await attempt(user.username, WRONG, meta(ip))).toMatchObject({ code: "rate_limited" });
  });

  it("a successful sign-in clears the failures: the next wrong guesses are compared again", async () => {
    const user = await insertUser();
    const ip = newAddress();
    await failSucceedAndFailAgain(user, ip);
  });
});

describe("the attempt is reserved before the password is compared", () => {
  it("of 20 parallel wrong guesses from one address, only the address budget is compared; the rest get 429", async () => {
    const user = await insertUser();
    const before = passwordComparisons();
    const ip = newAddress();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => attempt(user.username, WRONG, meta(ip))));
    expect(passwordComparisons() - before).toBe(ADDRESS_FAILURE_LIMIT);
    const codes = outcomes.map((o) => (o.ok ? "ok" : o.code));
    expect(codes.filter((c) => c === "invalid_credentials")).toHaveLength(ADDRESS_FAILURE_LIMIT);
    expect(codes.filter((c) => c === "rate_limited")).toHaveLength(20 - ADDRESS_FAILURE_LIMIT);
  });

  it("of 20 parallel wrong guesses from 20 addresses, only the account's delay-free failures are compared", async () => {
    const user = await insertUser();
    const before = passwordComparisons();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => attempt(user.email, WRONG, meta())));
    expect(passwordComparisons() - before).toBe(DELAY_FREE_FAILURES);
    expect(outcomes.filter((o) => !o.ok && o.code === "rate_limited")).toHaveLength(20 - DELAY_FREE_FAILURES);
  });

  it("runs no comparison at all for a refused attempt, and a compare that throws still counts as a failure", async () => {
    const user = await insertUser();
    const ip = newAddress();
    const failing = () => Promise.reject(new Error("pool full"));
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++)
      await expect(guardedPasswordCheck({ userId: user.id }, meta(ip), failing)).rejects.toThrow("pool full");
    const compare = vi.fn(async () => true);
    await expect(guardedPasswordCheck({ userId: user.id }, meta(ip), compare)).rejects.toMatchObject({
      code: "rate_limited",
    });
    expect(compare).not.toHaveBeenCalled();
  });
});

describe("per (account, address) budget", () => {
  it(`refuses the ${ADDRESS_FAILURE_LIMIT + 1}th attempt from one address with 429 + Retry-After, even with the right password`, async () => {
    const user = await insertUser();
    const ip = newAddress();
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++)
      expect(await attempt(user.username, WRONG, meta(ip))).toMatchObject({ code: "invalid_credentials" });
    advance(PAST_ANY_DELAY_MS); // past the account's delay: only the address budget is left in the way
    const refused = await attempt(user.username, user.password, meta(ip));
    expect(refused).toMatchObject({ ok: false, code: "rate_limited" });
    expect(Number((refused as { retryAfter: string }).retryAfter)).toBeGreaterThan(0);
    // Another address is not held to this address's budget.
    expect(await attempt(user.username, user.password, meta())).toEqual({ ok: true });
  });

  it("counts IPv6 addresses of one /64 together, and another /64 apart", async () => {
    const user = await insertUser();
    for (let i = 1; i <= ADDRESS_FAILURE_LIMIT; i++)
      expect(await attempt(user.username, WRONG, meta(`2001:db8:aa:1::${i}`))).toMatchObject({
        code: "invalid_credentials",
      });
    advance(PAST_ANY_DELAY_MS);
    expect(await attempt(user.username, user.password, meta("2001:db8:aa:1:ffff:ffff:ffff:ffff"))).toMatchObject({
      code: "rate_limited",
    });
    expect(await attempt(user.username, user.password, meta("2001:db8:aa:2::1"))).toEqual({ ok: true });
  });

  it("guesses through the username do not change how its email answers (no username-to-email link)", async () => {
    const user = await insertUser();
    const ip = newAddress();
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) await attempt(user.username, WRONG, meta(ip));
    expect(await attempt(user.username, WRONG, meta(ip))).toMatchObject({ code: "rate_limited" });
    // The email of that account answers like any email that names no account.
    const viaEmail = await attempt(user.email, WRONG, meta(ip));
    expect(viaEmail).toEqual(await attempt("someone-else@example.test", WRONG, meta(ip)));
    expect(viaEmail).toMatchObject({ code: "invalid_credentials" });
  });
});

describe("per-account delay and lock, whatever the address", () => {
  it("delays attempts after the delay-free failures: 429 with the delay in Retry-After until it has passed", async () => {
    expect(failureDelaySeconds(DELAY_FREE_FAILURES - 1)).toBe(0);
    expect(failureDelaySeconds(DELAY_FREE_FAILURES)).toBe(15);
    expect(failureDelaySeconds(DELAY_FREE_FAILURES + 1)).toBe(30);
    expect(failureDelaySeconds(100)).toBe(15 * 60);
    const user = await insertUser();
    for (let i = 0; i < DELAY_FREE_FAILURES; i++) await attempt(user.username, WRONG, meta());
    expect(await attempt(user.username, user.password, meta())).toEqual({
      ok: false,
      code: "rate_limited",
      retryAfter: "15",
    });
    advance(10_000);
    expect(await attempt(user.username, user.password, meta())).toMatchObject({ retryAfter: "5" });
    advance(5_000);
    expect(await attempt(user.username, user.password, meta())).toEqual({ ok: true });
  });

  it("locks after the threshold from many addresses; then even the right password is refused without a comparison", async () => {
    const user = await insertUser();
    const outcomes = await failFromManyAddresses(user.username, THRESHOLD);
    expect(outcomes.every((o) => !o.ok && o.code === "invalid_credentials")).toBe(true);
    const before = passwordComparisons();
    const locked = await attempt(user.email, user.password, meta());
    expect(locked).toMatchObject({ ok: false, code: "rate_limited" });
    expect(Number((locked as { retryAfter: string }).retryAfter)).toBeGreaterThanOrEqual(LOCK_SECONDS - 16 * 60);
    expect(passwordComparisons() - before).toBe(0);
    // The right password did not unlock it.
    advance(PAST_ANY_DELAY_MS);
    expect(await attempt(user.username, user.password, meta())).toMatchObject({ code: "rate_limited" });
  });

  it("the lock ends by itself after LOCK_SECONDS (24 h, the unlock link's lifetime)", async () => {
    const user = await insertUser();
    await failFromManyAddresses(user.username, THRESHOLD);
    advance(LOCK_SECONDS * 1000 - PAST_ANY_DELAY_MS - 60_000);
    expect(await attempt(user.username, user.password, meta())).toMatchObject({ code: "rate_limited" });
    advance(61_000);
    expect(await attempt(user.username, user.password, meta())).toEqual({ ok: true });
  });

  it("queues one unlock email and one account.locked audit event per lock, however many attempts follow", async () => {
    const user = await insertUser();
    await failFromManyAddresses(user.username, THRESHOLD);
    await expect.poll(async () => (await unlockEmails(user.email)).length, POLL).toBe(1);
    for (let i = 0; i < 5; i++) {
      await attempt(user.username, WRONG, meta());
      advance(PAST_ANY_DELAY_MS);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [email] = await unlockEmails(user.email);
    expect(email).toMatchObject({ to: user.email, data: { username: user.username, token: expect.any(String) } });
    expect(await unlockEmails(user.email)).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "account.locked" } })).toBe(1);
    const outbox = await db.outboxMessage.findMany({ where: { payload: { path: ["to"], equals: user.email } } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.expiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(LOCK_SECONDS * 1000);
  });

  it("answers an unknown identifier exactly like a real account at every step, and emails nobody", async () => {
    const user = await insertUser();
    const ghost = "nobody-at-all";
    const known: Outcome[] = [];
    const unknown: Outcome[] = [];
    // Some attempts land inside a delay, the last ones on the lock: every answer must match.
    for (let i = 0; i < 2 * THRESHOLD; i++) {
      const ip = newAddress();
      known.push(await attempt(user.username, WRONG, meta(ip)));
      unknown.push(await attempt(ghost, WRONG, meta(ip)));
      advance(i % 2 === 0 ? 1_000 : PAST_ANY_DELAY_MS);
    }
    expect(unknown).toEqual(known);
    expect(known.filter((o) => !o.ok && o.code === "rate_limited").length).toBeGreaterThan(0);
    expect(unknown.at(-1)).toMatchObject({ code: "rate_limited" });
    await expect.poll(async () => (await unlockEmails(user.email)).length, POLL).toBe(1);
    expect(await queuedEmails(`${ghost}@example.test`)).toHaveLength(0);
    expect(await db.auditEvent.count({ where: { type: "account.locked", userId: null } })).toBe(0);
  });

  it("sends no unlock email for a disabled account, but locks it all the same", async () => {
    const user = await insertUser();
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date(), isActive: false } });
    await failFromManyAddresses(user.username, THRESHOLD);
    await expect.poll(() => db.auditEvent.count({ where: { userId: user.id, type: "account.locked" } }), POLL).toBe(1);
    expect(await unlockEmails(user.email)).toHaveLength(0);
    expect(await attempt(user.username, user.password, meta())).toMatchObject({ code: "rate_limited" });
  });
});

describe("device cookies", () => {
  async function signedInDevice(user: { username: string; password: string }) {
    const { deviceCookie } = await signIn({ identifier: user.username, password: user.password }, meta());
    return deviceCookie.value;
  }

  it("a browser that signed in before keeps signing in while the account is locked", async () => {
    const user = await insertUser();
    const device = await signedInDevice(user);
    await failFromManyAddresses(user.username, THRESHOLD);
    expect(await attempt(user.username, user.password, meta())).toMatchObject({ code: "rate_limited" });
    expect(await attempt(user.username, user.password, meta(undefined, device))).toEqual({ ok: true });
    // ...and its success leaves the lock in place for every other browser.
    expect(await attempt(user.username, user.password, meta())).toMatchObject({ code: "rate_limited" });
  });

  it("has a budget of its own: locked after the threshold, without touching the account's budget", async () => {
    const user = await insertUser();
    const device = await signedInDevice(user);
    const ip = newAddress();
    // No delay and no address limit for the device: it spends only its own budget.
    for (let i = 0; i < THRESHOLD; i++)
      expect(await attempt(user.username, WRONG, meta(ip, device))).toMatchObject({ code: "invalid_credentials" });
    const before = passwordComparisons();
    expect(await attempt(user.username, user.password, meta(ip, device))).toMatchObject({ code: "rate_limited" });
    expect(passwordComparisons() - before).toBe(0);
    // The account itself was not touched: a browser without the cookie signs in at once.
    expect(await attempt(user.username, user.password, meta(ip))).toEqual({ ok: true });
    expect(await unlockEmails(user.email)).toHaveLength(0);
  });

  it("gives no bypass when forged, expired or signed for another account", async () => {
    const user = await insertUser();
    const other = await insertUser();
    const othersDevice = await signedInDevice(other);
    const mine = issueDeviceCookie(user.id, null).value;
    const [nonce, expiry] = mine.split(".");
    const forged = `${nonce}.${expiry}.${"A".repeat(43)}`;
    const expired = issueDeviceCookie(user.id, null, Date.now() - 366 * 86_400_000).value;
    await failFromManyAddresses(user.username, THRESHOLD);
    for (const cookie of [othersDevice, forged, expired, "garbage", `${mine}x`])
      expect(await attempt(user.username, user.password, meta(undefined, cookie))).toMatchObject({
        code: "rate_limited",
      });
    expect(await attempt(user.username, user.password, meta(undefined, mine))).toEqual({ ok: true });
  });

  it("is renewed by every sign-in and keeps the entries of other accounts signed in from the same browser", async () => {
    const a = await insertUser();
    const b = await insertUser();
    const first = await signIn({ identifier: a.username, password: a.password }, meta());
    const second = await signIn(
      { identifier: b.username, password: b.password },
      meta(undefined, first.deviceCookie.value),
    );
    const shared = second.deviceCookie.value;
    await failFromManyAddresses(a.username, THRESHOLD);
    await failFromManyAddresses(b.username, THRESHOLD);
    expect(await attempt(a.username, a.password, meta(undefined, shared))).toEqual({ ok: true });
    expect(await attempt(b.username, b.password, meta(undefined, shared))).toEqual({ ok: true });
  });
});

describe("ACCOUNT_LOCKOUT_THRESHOLD", () => {
  it("defaults to 10 and is validated (3–1000)", () => {
    expect(loadConfig({}).auth.lockoutThreshold).toBe(10);
    expect(loadConfig({ ACCOUNT_LOCKOUT_THRESHOLD: "25" }).auth.lockoutThreshold).toBe(25);
    for (const bad of ["2", "1001", "ten"])
      expect(() => loadConfig({ ACCOUNT_LOCKOUT_THRESHOLD: bad })).toThrow(/ACCOUNT_LOCKOUT_THRESHOLD/);
  });
});

describe("budgets belong to one account, identifier and address each", () => {
  it("one account's lock leaves every other account alone", async () => {
    const locked = await insertUser();
    const other = await insertUser();
    await failFromManyAddresses(locked.username, THRESHOLD);
    expect(await attempt(locked.username, locked.password, meta())).toMatchObject({ code: "rate_limited" });
    expect(await attempt(other.username, other.password, meta())).toEqual({ ok: true });
    expect(await attempt(other.email, other.password, meta())).toEqual({ ok: true });
  });

  it("guesses at one unknown identifier do not delay or lock another", async () => {
    await failFromManyAddresses("ghost-one", THRESHOLD);
    expect(await attempt("ghost-one", WRONG, meta())).toMatchObject({ code: "rate_limited" });
    expect(await attempt("ghost-two", WRONG, meta())).toMatchObject({ code: "invalid_credentials" });
  });

  it("one address's budget for an identifier leaves other identifiers from that address alone", async () => {
    const a = await insertUser();
    const b = await insertUser();
    const ip = newAddress();
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) await attempt(a.username, WRONG, meta(ip));
    advance(PAST_ANY_DELAY_MS);
    expect(await attempt(a.username, a.password, meta(ip))).toMatchObject({ code: "rate_limited" });
    expect(await attempt(b.username, b.password, meta(ip))).toEqual({ ok: true });
  });

  it("re-authentication guesses on one account neither delay nor lock another's", async () => {
    const a = await insertUser();
    const b = await insertUser();
    const wrong = () => Promise.resolve(false);
    for (let i = 0; i < DELAY_FREE_FAILURES; i++) await guardedPasswordCheck({ userId: a.id }, meta(), wrong);
    await expect(guardedPasswordCheck({ userId: a.id }, meta(), wrong)).rejects.toMatchObject({
      code: "rate_limited",
    });
    expect(await guardedPasswordCheck({ userId: b.id }, meta(), () => Promise.resolve(true))).toBe(true);
  });

  it("two browsers the owner signed in from have a budget each", async () => {
    const user = await insertUser();
    const first = (await signIn({ identifier: user.username, password: user.password }, meta())).deviceCookie.value;
    const second = (await signIn({ identifier: user.username, password: user.password }, meta())).deviceCookie.value;
    for (let i = 0; i < THRESHOLD; i++) await attempt(user.username, WRONG, meta(undefined, first));
    expect(await attempt(user.username, user.password, meta(undefined, first))).toMatchObject({
      code: "rate_limited",
    });
    expect(await attempt(user.username, user.password, meta(undefined, second))).toEqual({ ok: true });
  });
});

describe("what a refusal says", () => {
  it("answers 429 with a generic message", async () => {
    const user = await insertUser();
    for (let i = 0; i < DELAY_FREE_FAILURES; i++) await attempt(user.username, WRONG, meta());
    await expect(verifyCredentials(user.username, user.password, meta())).rejects.toMatchObject({
      status: 429,
      message: "Too many failed sign-in attempts. Try again later.",
      headers: { "Retry-After": "15" },
    });
  });
});

describe("when the account locks", () => {
  it("starts the unlock email exactly once, with the failed attempt that reached the threshold", async () => {
    const user = await insertUser();
    const transaction = vi.spyOn(db, "$transaction");
    try {
      const wrong = () => Promise.resolve(false);
      for (let i = 0; i < THRESHOLD - 1; i++) {
        await guardedPasswordCheck({ userId: user.id }, meta(), wrong);
        advance(PAST_ANY_DELAY_MS);
      }
      expect(transaction).not.toHaveBeenCalled();
      await guardedPasswordCheck({ userId: user.id }, meta(), wrong);
      expect(transaction).toHaveBeenCalledTimes(1);
    } finally {
      transaction.mockRestore();
    }
    await expect
      .poll(() => db.auditEvent.findFirst({ where: { userId: user.id, type: "account.locked" } }), POLL)
      .toMatchObject({ data: { failures: THRESHOLD } });
  });

  it("the right password as the threshold-th attempt does not lock, and emails nobody", async () => {
    const user = await insertUser();
    for (let i = 0; i < THRESHOLD - 1; i++) {
      await guardedPasswordCheck({ userId: user.id }, meta(), () => Promise.resolve(false));
      advance(PAST_ANY_DELAY_MS);
    }
    const transaction = vi.spyOn(db, "$transaction");
    try {
      expect(await guardedPasswordCheck({ userId: user.id }, meta(), () => Promise.resolve(true))).toBe(true);
      expect(transaction).not.toHaveBeenCalled();
    } finally {
      transaction.mockRestore();
    }
    expect(await attempt(user.username, user.password, meta())).toEqual({ ok: true });
  });

  it("a trusted browser reaching its own threshold locks only itself and emails nobody", async () => {
    const user = await insertUser();
    const device = issueDeviceCookie(user.id, null).value;
    const transaction = vi.spyOn(db, "$transaction");
    try {
      for (let i = 0; i < THRESHOLD; i++)
        await guardedPasswordCheck({ userId: user.id }, meta(undefined, device), () => Promise.resolve(false));
      expect(transaction).not.toHaveBeenCalled();
    } finally {
      transaction.mockRestore();
    }
  });

  it("an unknown identifier reaching the threshold starts no unlock work", async () => {
    const transaction = vi.spyOn(db, "$transaction");
    try {
      for (let i = 0; i < THRESHOLD; i++) {
        await guardedPasswordCheck({ identifier: "ghost-threshold" }, meta(), () => Promise.resolve(false));
        advance(PAST_ANY_DELAY_MS);
      }
      expect(transaction).not.toHaveBeenCalled();
    } finally {
      transaction.mockRestore();
    }
  });

  it("an account deleted meanwhile gets no audit event and no email", async () => {
    const user = await insertUser();
    await db.user.delete({ where: { id: user.id } });
    for (let i = 0; i < THRESHOLD; i++) {
      await guardedPasswordCheck({ userId: user.id }, meta(), () => Promise.resolve(false));
      advance(PAST_ANY_DELAY_MS);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "account.locked" } })).toBe(0);
    expect(await unlockEmails(user.email)).toHaveLength(0);
  });
});

describe("a check that could not run", () => {
  it("a full password pool does not count as a failed guess", async () => {
    const user = await insertUser();
    const ip = newAddress();
    const full = () => Promise.reject(new PasswordPoolFullError(1));
    for (let i = 0; i < 2 * THRESHOLD; i++)
      await expect(guardedPasswordCheck({ userId: user.id }, meta(ip), full)).rejects.toBeInstanceOf(
        PasswordPoolFullError,
      );
    expect(await attempt(user.username, user.password, meta(ip))).toEqual({ ok: true });
  });

  it("a full password pool does not wipe the failures counted before it (flooding the pool resets nothing)", async () => {
    const user = await insertUser();
    await failFromManyAddresses(user.username, THRESHOLD - 1);
    const full = () => Promise.reject(new PasswordPoolFullError(1));
    await expect(guardedPasswordCheck({ userId: user.id }, meta(), full)).rejects.toBeInstanceOf(PasswordPoolFullError);
    advance(PAST_ANY_DELAY_MS);
    // One more wrong guess reaches the threshold: the account locks, so even the right password waits.
    expect(await failFromManyAddresses(user.username, 1)).toMatchObject([{ code: "invalid_credentials" }]);
    expect(await attempt(user.email, user.password, meta())).toMatchObject({ ok: false, code: "rate_limited" });
  });

  it("with Redis unreachable, passwords are checked without limits", async () => {
    const user = await insertUser();
    const ip = newAddress();
    redis.disconnect();
    try {
      for (let i = 0; i < ADDRESS_FAILURE_LIMIT + 1; i++)
        expect(await guardedPasswordCheck({ userId: user.id }, meta(ip), () => Promise.resolve(false))).toBe(false);
      expect(await guardedPasswordCheck({ userId: user.id }, meta(ip), () => Promise.resolve(true))).toBe(true);
    } finally {
      await redis.connect();
    }
  });
  it("the right password still succeeds when the counter fails between the reservation and the release", async () => {
    const user = await insertUser();
    await attempt(user.username, WRONG, meta()); // defines the counter's scripts on the connection
    const client = redis as unknown as { bruteForceRelease: (...args: unknown[]) => Promise<number> };
    const release = vi.spyOn(client, "bruteForceRelease").mockRejectedValueOnce(new Error("connection lost"));
    try {
      expect(await guardedPasswordCheck({ userId: user.id }, meta(), () => Promise.resolve(true))).toBe(true);
      expect(release).toHaveBeenCalledTimes(1);
    } finally {
      release.mockRestore();
    }
  });
});

describe("clearing failed sign-ins (the unlock link)", () => {
  it("clears the lock, the delays of the username, the email and re-authentication, and the address budgets", async () => {
    const user = await insertUser();
    const ip = newAddress();
    const wrong = () => Promise.resolve(false);
    const right = () => Promise.resolve(true);
    // Delays on every identifier, the address budgets of the username and the email spent, then the lock.
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) {
      await attempt(user.username, WRONG, meta(ip));
      await attempt(user.email, WRONG, meta(ip));
    }
    advance(PAST_ANY_DELAY_MS);
    expect(await attempt(user.username, user.password, meta(ip))).toMatchObject({ code: "rate_limited" });
    const u = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    await clearFailedSignIns(u, meta(ip));
    expect(await attempt(user.username, user.password, meta(ip))).toEqual({ ok: true });
    expect(await attempt(user.email, user.password, meta(ip))).toEqual({ ok: true });
    expect(await guardedPasswordCheck({ userId: user.id }, meta(ip), right)).toBe(true);

    // The delay of re-authentication ({ userId } alone) is cleared as well.
    for (let i = 0; i < DELAY_FREE_FAILURES; i++) await guardedPasswordCheck({ userId: user.id }, meta(), wrong);
    await expect(guardedPasswordCheck({ userId: user.id }, meta(), right)).rejects.toMatchObject({
      code: "rate_limited",
    });
    await clearFailedSignIns(u, meta());
    expect(await guardedPasswordCheck({ userId: user.id }, meta(), right)).toBe(true);
  });

  it("answers 503 with Retry-After: 60 when Redis is unreachable", async () => {
    const user = await insertUser();
    const u = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    redis.disconnect();
    try {
      await expect(clearFailedSignIns(u, meta())).rejects.toMatchObject({
        code: "service_unavailable",
        status: 503,
        message: "Unlocking is not possible right now. Try again in a minute.",
        headers: { "Retry-After": "60" },
      });
    } finally {
      await redis.connect();
    }
  });
});

describe("the limits", () => {
  it("5 failures per address in 15 minutes, 5 before delays begin, failures kept 24 h, locks of 24 h", () => {
    expect(ADDRESS_FAILURE_LIMIT).toBe(5);
    expect(ADDRESS_WINDOW_SECONDS).toBe(15 * 60);
    expect(DELAY_FREE_FAILURES).toBe(5);
    expect(ACCOUNT_FAILURE_WINDOW_SECONDS).toBe(24 * 3600);
    expect(LOCK_SECONDS).toBe(24 * 3600);
  });
});

describe("how long Redis remembers", () => {
  // The keys the rules keep (hashed so that no identifier sits in Redis); Redis expires them in real time.
  const accountKey = (userId: string) => `bruteforce:account:${sha256(`user:${userId}`)}`;
  const delayKey = (identifier: string) => `bruteforce:delay:${sha256(`identifier:${identifier}`)}`;
  const addressKey = (identifier: string, ip: string) =>
    `bruteforce:address:${sha256(`identifier:${identifier}`)}:${ip}`;
  const devicesKey = (userId: string) => `bruteforce:devices:${sha256(`user:${userId}`)}`;
  const DAY_MS = 24 * 3600 * 1000;

  it("an account's and an identifier's failures for 24 hours after the last one, an address's for 15 minutes", async () => {
    const user = await insertUser();
    const ip = newAddress();
    await attempt(user.username, WRONG, meta(ip));
    for (const key of [accountKey(user.id), delayKey(user.usernameKey)]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(DAY_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(DAY_MS);
    }
    const addressTtl = await redis.ttl(addressKey(user.usernameKey, ip));
    expect(addressTtl).toBeGreaterThan(15 * 60 - 60);
    expect(addressTtl).toBeLessThanOrEqual(15 * 60);
  });

  it("a trusted browser's failures for as long as a lock lasts", async () => {
    const user = await insertUser();
    const device = issueDeviceCookie(user.id, null).value;
    await attempt(user.username, WRONG, meta(undefined, device));
    const ttl = await redis.pttl(devicesKey(user.id));
    expect(ttl).toBeGreaterThan(LOCK_SECONDS * 1000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(LOCK_SECONDS * 1000);
  });
});
