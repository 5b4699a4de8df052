import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { generateRecoveryCodes } from "@/lib/auth/mfa/recovery-codes";
import { sealSecret } from "@/lib/auth/mfa/secret-box";
import { totpCodeAt } from "@/lib/auth/mfa/test-fixtures";
import { createSession } from "@/lib/auth/session";
import { STEP_UP_WINDOW_MS } from "@/lib/auth/session/step-up";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { call, insertUser, TEST_META } from "@/lib/testing/fixtures";
import { DELETE as revokeOthers } from "../sessions/route";
import { POST as reauthenticate } from "./route";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});

/** An account without a password (Google, passkeys) that has an authenticator app, with a session 11 minutes old. */
async function passwordlessWithApp() {
  const user = await insertUser({ password: null });
  await db.totpFactor.create({
    data: { userId: user.id, secretCipher: sealSecret(SECRET, user.id), confirmedAt: new Date() },
  });
  const { sessionId, cookie } = await createSession(user.id, TEST_META);
  vi.setSystemTime(Date.now() + STEP_UP_WINDOW_MS + 60_000);
  return { user, sessionId, cookie: cookie.value };
}

const confirm = (cookie: string, body: unknown) =>
  call(reauthenticate, "POST", "/api/v1/auth/reauthenticate", { cookie, body });
const codeNow = () => totpCodeAt(SECRET, Date.now());

describe("POST /api/v1/auth/reauthenticate with a second factor", () => {
  it("confirms an account without a password with the app's code: sensitive changes go through, audited", async () => {
    const { user, sessionId, cookie } = await passwordlessWithApp();
    expect((await call(revokeOthers, "DELETE", "/api/v1/auth/sessions", { cookie })).status).toBe(403);
    expect((await confirm(cookie, { code: await codeNow() })).status).toBe(204);
    expect((await call(revokeOthers, "DELETE", "/api/v1/auth/sessions", { cookie })).status).toBe(204);
    const event = await db.auditEvent.findFirst({ where: { userId: user.id, type: "session.reauthenticated" } });
    expect(event?.data).toEqual({ sessionId, method: "totp" });
  });

  it("takes a recovery code once, and refuses a wrong code with 401", async () => {
    const { user, cookie } = await passwordlessWithApp();
    const [recovery] = await generateRecoveryCodes(user.id, TEST_META);
    expect((await confirm(cookie, { recoveryCode: recovery })).status).toBe(204);
    expect((await confirm(cookie, { recoveryCode: recovery })).status).toBe(401);
    const right = await codeNow();
    const wrong = await confirm(cookie, { code: right === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: "invalid_credentials" });
  });

  it("wants exactly one of password, code and recoveryCode", async () => {
    const { cookie } = await passwordlessWithApp();
    for (const body of [
      {},
      { password: "x", code: "123456" },
      { code: "12345" },
      { recoveryCode: "" },
      { code: null },
    ]) {
      expect((await confirm(cookie, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await confirm(cookie, { password: "anything-at-all" })).status).toBe(401);
  });

  it("spends the account's brute-force budget: wrong codes lock it, then even the right code is refused", async () => {
    const { cookie } = await passwordlessWithApp();
    const headers = (i: number) => ({ "x-forwarded-for": `203.0.113.${i + 1}` });
    for (let i = 0; i < config.auth.lockoutThreshold; i++) {
      const right = await codeNow();
      const response = await call(reauthenticate, "POST", "/x", {
        cookie,
        body: { code: right === "000000" ? "111111" : "000000" },
        headers: headers(i),
      });
      expect(response.status).toBe(401);
      vi.setSystemTime(Date.now() + 16 * 60 * 1000);
    }
    const locked = await call(reauthenticate, "POST", "/x", {
      cookie,
      body: { code: await codeNow() },
      headers: headers(99),
    });
    expect(locked.status).toBe(429);
  });
});
