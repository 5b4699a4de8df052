import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { config, loadConfig } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import { insertUser, queuedEmails } from "../testing/fixtures";
import {
  ADDRESS_FAILURE_LIMIT,
  DELAY_FREE_FAILURES,
  LOCK_SECONDS,
  failureDelaySeconds,
  guardedPasswordCheck,
} from "./brute-force";
import { issueDeviceCookie } from "./device-cookie";
import { passwordComparisons } from "./password/pool";
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

  it("a successful sign-in clears the failures: the next wrong guesses are compared again", async () => {
    const user = await insertUser();
    const ip = newAddress();
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT - 1; i++) await attempt(user.username, WRONG, meta(ip));
    expect(await attempt(user.username, user.password, meta(ip))).toEqual({ ok: true });
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++)
      expect(await attempt(user.username, WRONG, meta(ip))).toMatchObject({ code: "invalid_credentials" });
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
