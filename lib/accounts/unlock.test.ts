import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { guardedPasswordCheck, LOCK_SECONDS } from "../auth/brute-force";
import { issueDeviceCookie } from "../auth/device-cookie";
import type { RequestMeta } from "../auth/session/meta";
import { verifyCredentials } from "../auth/session/sign-in";
import { issueActionToken } from "../auth/tokens";
import { config } from "../config";
import { db, TokenPurpose } from "../db";
import { AppError } from "../errors";
import { insertUser, lastToken, queuedEmails } from "../testing/fixtures";
import { unlockAccount } from "./unlock";

// The unlock email is queued in the background of the failure that locks: give it time on a busy machine.
const POLL = { timeout: 15_000 };

let addresses = 0;
const meta = (deviceCookie?: string): RequestMeta => ({
  ip: `198.18.7.${++addresses % 250}`,
  userAgent: "vitest",
  deviceCookie,
});

/**
 * Fails sign-ins from many addresses, past every delay (the clock is faked), until the account
 * locks; returns the token of the unlock email that the lock queued.
 */
async function lock(user: { id: string; email: string }): Promise<string> {
  const unlockEmails = async () => (await queuedEmails(user.email)).filter((m) => m.template === "account-unlock");
  const before = (await unlockEmails()).length;
  for (let i = 0; i < 3 * config.auth.lockoutThreshold; i++) {
    const retryAfter = await guardedPasswordCheck({ userId: user.id }, meta(), async () => false).then(
      () => 0,
      (error: unknown) => (error instanceof AppError ? Number(error.headers?.["Retry-After"] ?? 0) : 0),
    );
    if (retryAfter > 3600) break; // locked
    vi.setSystemTime(Date.now() + 16 * 60 * 1000);
  }
  await expect.poll(async () => (await unlockEmails()).length, POLL).toBe(before + 1);
  return lastToken(user.email, "account-unlock");
}

async function outcome(identifier: string, password: string, m = meta()): Promise<string> {
  try {
    await verifyCredentials(identifier, password, m);
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("unlockAccount", () => {
  it("the emailed link unlocks the account: the right password works again from any browser", async () => {
    const user = await insertUser();
    const token = await lock(user);
    expect(await outcome(user.username, user.password)).toBe("rate_limited");
    await unlockAccount(token, meta());
    expect(await outcome(user.username, user.password)).toBe("ok");
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "account.unlocked" } })).toBe(1);
  });

  it("works once: a replayed link is refused with invalid_token and changes nothing", async () => {
    const user = await insertUser();
    const token = await lock(user);
    await unlockAccount(token, meta());
    await lock(user); // locked again
    await expect(unlockAccount(token, meta())).rejects.toMatchObject({ code: "invalid_token" });
    expect(await outcome(user.username, user.password)).toBe("rate_limited");
  });

  it("refuses unknown, other-purpose and expired tokens", async () => {
    const user = await insertUser();
    const token = await lock(user);
    await expect(unlockAccount("x".repeat(43), meta())).rejects.toMatchObject({ code: "invalid_token" });
    const reset = await db.$transaction((tx) => issueActionToken(tx, user.id, TokenPurpose.PASSWORD_RESET));
    await expect(unlockAccount(reset.token, meta())).rejects.toMatchObject({ code: "invalid_token" });
    vi.setSystemTime(Date.now() + LOCK_SECONDS * 1000);
    await expect(unlockAccount(token, meta())).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("also gives the account's devices and the unlocking address a fresh budget", async () => {
    const user = await insertUser();
    const device = issueDeviceCookie(user.id, null).value;
    for (let i = 0; i < config.auth.lockoutThreshold; i++)
      await guardedPasswordCheck({ userId: user.id }, meta(device), async () => false);
    expect(await outcome(user.username, user.password, meta(device))).toBe("rate_limited");
    const here = { ip: "198.18.9.9", userAgent: "vitest" };
    for (let i = 0; i < 5; i++) await guardedPasswordCheck({ userId: user.id }, here, async () => false);
    const token = await lock(user);
    await unlockAccount(token, here);
    expect(await outcome(user.username, user.password, meta(device))).toBe("ok");
    expect(await outcome(user.username, user.password, here)).toBe("ok");
  });

  it.each(["username", "email"] as const)(
    "clears the budget of the %s as typed, from the unlocking address",
    async (field) => {
      const user = await insertUser();
      const identifier = user[field];
      const here = { ip: "198.18.10.10", userAgent: "vitest" };
      // Below the account's lock threshold: only this identifier's budgets at this address run out.
      for (let i = 0; i < 5; i++)
        expect(await outcome(identifier, "Wrong-password-1", here)).toBe("invalid_credentials");
      expect(await outcome(identifier, user.password, here)).toBe("rate_limited");
      expect(await unlockAccount(await unlockLink(user.id), here)).toEqual({ userId: user.id });
      expect(await outcome(identifier, user.password, here)).toBe("ok");
    },
  );

  it("tells why an unknown link is refused", async () => {
    await expect(unlockAccount("u".repeat(43), meta())).rejects.toMatchObject({
      message: expect.stringContaining("unlock link is invalid"),
    });
  });
});

/** An unlock link for the account, as the lock email carries. */
async function unlockLink(userId: string): Promise<string> {
  return (await db.$transaction((tx) => issueActionToken(tx, userId, TokenPurpose.ACCOUNT_UNLOCK))).token;
}
