import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { guardedPasswordCheck } from "@/lib/auth/brute-force";
import { config } from "@/lib/config";
import { call, insertUser, lastToken, queuedEmails } from "@/lib/testing/fixtures";
import { POST as login } from "../login/route";
import { POST as unlock } from "./route";

// The unlock email is queued in the background of the failure that locks: give it time on a busy machine.
const POLL = { timeout: 15_000 };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Locks the account from many addresses (past every delay) and returns the emailed unlock token. */
async function lockedAccount() {
  const user = await insertUser();
  for (let i = 0; i < config.auth.lockoutThreshold; i++) {
    await guardedPasswordCheck({ userId: user.id }, { ip: `198.18.3.${i}`, userAgent: "vitest" }, async () => false);
    vi.setSystemTime(Date.now() + 16 * 60 * 1000);
  }
  await expect.poll(async () => (await queuedEmails(user.email)).length, POLL).toBe(1);
  return { user, token: await lastToken(user.email, "account-unlock") };
}

const signIn = (user: { username: string; password: string }) =>
  call(login, "POST", "/api/v1/auth/login", { body: { identifier: user.username, password: user.password } });

describe("POST /api/v1/auth/unlock", () => {
  it("unlocks with the emailed token once; a replay gets 400 invalid_token", async () => {
    const { user, token } = await lockedAccount();
    expect((await signIn(user)).status).toBe(429);
    const response = await call(unlock, "POST", "/api/v1/auth/unlock", { body: { token } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: expect.any(String) });
    expect((await signIn(user)).status).toBe(200);
    const replay = await call(unlock, "POST", "/api/v1/auth/unlock", { body: { token } });
    expect(replay.status).toBe(400);
    expect((await replay.json()).code).toBe("invalid_token");
  });

  it("answers bad input with 400, never 500", async () => {
    for (const body of [{}, { token: 5 }, { token: "" }, { token: "x".repeat(5000) }, { token: "a\u0000b" }])
      expect((await call(unlock, "POST", "/api/v1/auth/unlock", { body })).status).toBe(400);
    expect(
      (await call(unlock, "POST", "/api/v1/auth/unlock", { raw: "{", headers: { "content-type": "application/json" } }))
        .status,
    ).toBe(400);
    const unknown = await call(unlock, "POST", "/api/v1/auth/unlock", { body: { token: "x".repeat(43) } });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).code).toBe("invalid_token");
  });
});
