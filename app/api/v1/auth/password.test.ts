import { describe, expect, it } from "vitest";
import {
  call,
  insertUser,
  issueLink,
  lastToken,
  logIn,
  queuedEmails,
  sessionCookieFrom,
  STRONG_PASSWORD,
  TEST_META,
} from "@/lib/testing/fixtures";
import { PASSWORD_RESET_REQUESTED } from "@/lib/accounts/email-requests";
import { sqlStatementsDuring } from "@/lib/accounts/test-fixtures";
import { startTokenFamily } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db";
import { GET as me } from "../me/route";
import { POST as login } from "./login/route";
import { POST as change } from "./password/change/route";
import { POST as forgot } from "./password/forgot/route";
import { POST as reset } from "./password/reset/route";

const NEW_PASSWORD = "a-Fresh-secret-2024!";

const signIn = (identifier: string, password: string) => logIn(login, identifier, password);

describe("POST /api/v1/auth/password/forgot", () => {
  it("always answers 202 and emails a reset link only to an existing active account", async () => {
    const active = await insertUser();
    const inactive = await insertUser({ isActive: false });
    for (const email of [active.email.toUpperCase(), inactive.email, "nobody@example.test"]) {
      const response = await call(forgot, "POST", "/api/v1/auth/password/forgot", { body: { email } });
      expect(response.status).toBe(202);
    }
    expect((await queuedEmails(active.email)).map((m) => m.template)).toEqual(["password-reset"]);
    expect(await queuedEmails(inactive.email)).toEqual([]);
    expect(await queuedEmails("nobody@example.test")).toEqual([]);
    const row = await db.actionToken.findFirstOrThrow({ where: { userId: active.id, purpose: "PASSWORD_RESET" } });
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(3600 * 1000);
    expect(row.tokenHash).not.toBe(await lastToken(active.email, "password-reset"));
  });

  it("does the same work for a known and an unknown address: the same SQL, one request row, the same answer", async () => {
    const active = await insertUser();
    const ask = async (email: string) => {
      let response: Response | undefined;
      const sql = await sqlStatementsDuring(async () => {
        response = await call(forgot, "POST", "/api/v1/auth/password/forgot", { body: { email } });
      });
      return { sql, status: response?.status, body: await response?.json() };
    };
    await ask("warm.up@example.test");
    const known = await ask(active.email);
    const unknown = await ask("nobody.at.all@example.test");
    expect(unknown).toEqual(known);
    expect(known.status).toBe(202);
    expect(known.sql.filter((sql) => /^\s*(INSERT|UPDATE|DELETE)/i.test(sql))).toEqual([
      expect.stringContaining('INSERT INTO "public"."OutboxMessage"'),
    ]);
    const typed = [active.email, "nobody.at.all@example.test"];
    const rows = await db.outboxMessage.findMany({
      where: { type: PASSWORD_RESET_REQUESTED },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => r.payload).filter((p) => typed.includes((p as { email: string }).email))).toEqual(
      [active.email, "nobody.at.all@example.test"].map((email) => expect.objectContaining({ email })),
    );
    // The decision is the worker's: nothing issued on the request path.
    expect(await db.actionToken.count({ where: { userId: active.id } })).toBe(0);
  });

  it("answers 400 for malformed input", async () => {
    expect((await call(forgot, "POST", "/api/v1/auth/password/forgot", { body: { email: ["x"] } })).status).toBe(400);
    expect(
      (
        await call(forgot, "POST", "/api/v1/auth/password/forgot", {
          raw: "nope",
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(400);
  });
});

describe("POST /api/v1/auth/password/reset", () => {
  it("sets the new password once, revokes every session and refresh token, and notifies the owner", async () => {
    const user = await insertUser();
    const { cookie } = await signIn(user.username, user.password);
    const { tokens } = await startTokenFamily(user.id, TEST_META);
    const token = await issueLink(user.id, "PASSWORD_RESET");

    const response = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token, password: NEW_PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty("message");
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(401);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await call(me, "GET", "/api/v1/me", { bearer: tokens.access_token })).status).toBe(401);
    expect(await db.refreshToken.count({ where: { userId: user.id } })).toBe(0);
    expect((await signIn(user.username, user.password)).status).toBe(401);
    expect((await signIn(user.username, NEW_PASSWORD)).status).toBe(200);
    expect((await queuedEmails(user.email)).map((m) => [m.template, "event" in m.data ? m.data.event : null])).toEqual([
      ["security-notice", "password-reset"],
    ]);

    const replay = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token, password: "another-Secret-77" },
    });
    expect(replay.status).toBe(400);
    expect((await replay.json()).code).toBe("invalid_token");
  });

  it("refuses an expired token, an activation token and a policy-breaking password", async () => {
    const user = await insertUser();
    const token = await issueLink(user.id, "PASSWORD_RESET");
    const weak = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token, password: `${user.username}-x1` },
    });
    expect(weak.status).toBe(400);
    expect((await weak.json()).errors.password).toBeDefined();
    await db.actionToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const expired = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token, password: NEW_PASSWORD },
    });
    expect((await expired.json()).code).toBe("invalid_token");

    const inactive = await insertUser({ isActive: false });
    const { issueActionToken } = await import("@/lib/auth/tokens");
    const activation = await db.$transaction((tx) => issueActionToken(tx, inactive.id, "ACTIVATION"));
    const wrongPurpose = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token: activation.token, password: NEW_PASSWORD },
    });
    expect((await wrongPurpose.json()).code).toBe("invalid_token");
  });

  it("a newer reset link invalidates the older one", async () => {
    const user = await insertUser();
    const older = await issueLink(user.id, "PASSWORD_RESET");
    await issueLink(user.id, "PASSWORD_RESET");
    expect(
      (await call(reset, "POST", "/api/v1/auth/password/reset", { body: { token: older, password: NEW_PASSWORD } }))
        .status,
    ).toBe(400);
  });
});

describe("POST /api/v1/auth/password/change", () => {
  it("changes the password, revokes every session, continues this one under a new id, voids reset links", async () => {
    const user = await insertUser();
    const other = (await signIn(user.username, user.password)).cookie;
    const { cookie } = await signIn(user.username, user.password);
    const before = await call(me, "GET", "/api/v1/me", { cookie });
    expect(before.status).toBe(200);
    const resetToken = await issueLink(user.id, "PASSWORD_RESET");
    const sessionIds = (await db.session.findMany({ where: { userId: user.id } })).map((s) => s.id);

    const response = await call(change, "POST", "/api/v1/auth/password/change", {
      cookie,
      body: { currentPassword: user.password, newPassword: NEW_PASSWORD },
    });
    expect(response.status).toBe(200);
    const renewed = sessionCookieFrom(response);
    expect(renewed).toBeTruthy();
    expect((await call(me, "GET", "/api/v1/me", { cookie: renewed })).status).toBe(200);
    // The old cookie of this browser is dead too: the session continues under a new id.
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(401);
    expect((await call(me, "GET", "/api/v1/me", { cookie: other })).status).toBe(401);
    const remaining = await db.session.findMany({ where: { userId: user.id } });
    expect(remaining).toHaveLength(1);
    expect(sessionIds).not.toContain(remaining[0]!.id);
    expect((await signIn(user.username, NEW_PASSWORD)).status).toBe(200);
    expect(
      (
        await call(reset, "POST", "/api/v1/auth/password/reset", {
          body: { token: resetToken, password: "yet-Another-pass-5" },
        })
      ).status,
    ).toBe(400);
    expect((await queuedEmails(user.email)).at(-1)).toMatchObject({
      template: "security-notice",
      data: { event: "password-changed" },
    });
  });

  it("refuses a wrong current password (errors.currentPassword), a weak new one, no session (401) and cross-site (403)", async () => {
    const user = await insertUser();
    const { cookie } = await signIn(user.username, user.password);
    const wrong = await call(change, "POST", "/api/v1/auth/password/change", {
      cookie,
      body: { currentPassword: "nope-nope-1", newPassword: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors.currentPassword).toBeDefined();
    const weak = await call(change, "POST", "/api/v1/auth/password/change", {
      cookie,
      body: { currentPassword: STRONG_PASSWORD, newPassword: "qwertyuiop" },
    });
    expect((await weak.json()).errors.newPassword).toBeDefined();
    expect(
      (
        await call(change, "POST", "/api/v1/auth/password/change", {
          body: { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD },
        })
      ).status,
    ).toBe(401);
    const cross = await call(change, "POST", "/api/v1/auth/password/change", {
      cookie,
      body: { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD },
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(cross.status).toBe(403);
    expect((await signIn(user.username, STRONG_PASSWORD)).status).toBe(200);
  });

  it("answers 401 once the account is disabled, even with a live session, and keeps the password", async () => {
    const user = await insertUser();
    const { cookie } = await signIn(user.username, user.password);
    await db.user.update({ where: { id: user.id }, data: { isActive: false, disabledAt: new Date() } });
    const response = await call(change, "POST", "/api/v1/auth/password/change", {
      cookie,
      body: { currentPassword: user.password, newPassword: NEW_PASSWORD },
    });
    expect(response.status).toBe(401);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toBe(user.passwordHash);
  });

  it("limits guesses of the current password like logins (429 after repeated failures)", async () => {
    const user = await insertUser();
    const { cookie } = await signIn(user.username, user.password);
    const attempt = (currentPassword: string) =>
      call(change, "POST", "/api/v1/auth/password/change", {
        cookie,
        body: { currentPassword, newPassword: NEW_PASSWORD },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 20 && statuses.at(-1) !== 429; i++) statuses.push((await attempt(`guess-number-${i}`)).status);
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([400]));
    // Over the budget even the right current password is refused.
    const blocked = await attempt(STRONG_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBeTruthy();
  });
});

describe("a password reset and linked Google accounts", () => {
  const linkGoogle = (userId: string) =>
    db.account.create({ data: { userId, type: "oidc", provider: "google", providerAccountId: `sub-${userId}` } });

  it("removes a linked Google account unless the person keeps it, and tells the owner", async () => {
    const user = await insertUser();
    await linkGoogle(user.id);
    const token = await issueLink(user.id, "PASSWORD_RESET");
    const response = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token, password: NEW_PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
    const events = (await queuedEmails(user.email)).map((m) => ("event" in m.data ? m.data.event : m.template));
    expect(events).toEqual(["google-unlinked-by-reset", "password-reset"]);
  });

  it("keeps it when asked (keepLinkedAccounts: true)", async () => {
    const user = await insertUser();
    await linkGoogle(user.id);
    const token = await issueLink(user.id, "PASSWORD_RESET");
    const response = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token, password: NEW_PASSWORD, keepLinkedAccounts: true },
    });
    expect(response.status).toBe(200);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses a reset link of a disabled account", async () => {
    const user = await insertUser();
    const token = await issueLink(user.id, "PASSWORD_RESET");
    await db.user.update({ where: { id: user.id }, data: { isActive: false, disabledAt: new Date() } });
    const response = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token, password: NEW_PASSWORD },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe("invalid_token");
  });

  it("answers 400 for a non-boolean keepLinkedAccounts", async () => {
    const user = await insertUser();
    const token = await issueLink(user.id, "PASSWORD_RESET");
    const response = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token, password: NEW_PASSWORD, keepLinkedAccounts: "yes" },
    });
    expect(response.status).toBe(400);
  });
});

describe("a password reset and a lockout", () => {
  it("ends a lock that someone's guessing caused: the reset proved the mailbox, like the unlock link", async () => {
    const { guardedPasswordCheck } = await import("@/lib/auth/brute-force");
    const { config } = await import("@/lib/config");
    const user = await insertUser();
    const meta = (i: number) => ({ ip: `203.0.113.${i}`, userAgent: "guesser" });
    for (let i = 0; i < config.auth.lockoutThreshold; i++) {
      await guardedPasswordCheck({ userId: user.id }, meta(i), async () => false).catch(() => undefined);
    }
    await expect(guardedPasswordCheck({ userId: user.id }, meta(99), async () => true)).rejects.toMatchObject({
      code: "rate_limited",
    });
    const token = await issueLink(user.id, "PASSWORD_RESET");
    expect(
      (await call(reset, "POST", "/api/v1/auth/password/reset", { body: { token, password: NEW_PASSWORD } })).status,
    ).toBe(200);
    expect(await guardedPasswordCheck({ userId: user.id }, meta(99), async () => true)).toBe(true);
  });
});
