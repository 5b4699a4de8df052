import { describe, expect, it } from "vitest";
import { call, insertUser, lastToken, logIn, queuedEmails, STRONG_PASSWORD } from "@/lib/testing/fixtures";
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
    await db.refreshToken.create({
      data: { userId: user.id, familyId: "f1", tokenHash: "h1", expiresAt: new Date(Date.now() + 86_400_000) },
    });
    await call(forgot, "POST", "/api/v1/auth/password/forgot", { body: { email: user.email } });
    const token = await lastToken(user.email, "password-reset");

    const response = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token, password: NEW_PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty("message");
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(401);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await db.refreshToken.findUniqueOrThrow({ where: { tokenHash: "h1" } })).revokedAt).not.toBeNull();
    expect((await signIn(user.username, user.password)).status).toBe(401);
    expect((await signIn(user.username, NEW_PASSWORD)).status).toBe(200);
    expect((await queuedEmails(user.email)).map((m) => m.template)).toEqual(["password-reset", "password-changed"]);

    const replay = await call(reset, "POST", "/api/v1/auth/password/reset", {
      body: { token, password: "another-Secret-77" },
    });
    expect(replay.status).toBe(400);
    expect((await replay.json()).code).toBe("invalid_token");
  });

  it("refuses an expired token, an activation token and a policy-breaking password", async () => {
    const user = await insertUser();
    await call(forgot, "POST", "/api/v1/auth/password/forgot", { body: { email: user.email } });
    const token = await lastToken(user.email, "password-reset");
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
      body: { token: activation, password: NEW_PASSWORD },
    });
    expect((await wrongPurpose.json()).code).toBe("invalid_token");
  });

  it("a newer reset link invalidates the older one", async () => {
    const user = await insertUser();
    await call(forgot, "POST", "/api/v1/auth/password/forgot", { body: { email: user.email } });
    const older = await lastToken(user.email, "password-reset");
    await call(forgot, "POST", "/api/v1/auth/password/forgot", { body: { email: user.email } });
    expect(
      (await call(reset, "POST", "/api/v1/auth/password/reset", { body: { token: older, password: NEW_PASSWORD } }))
        .status,
    ).toBe(400);
  });
});

describe("POST /api/v1/auth/password/change", () => {
  it("changes the password, revokes the other sessions, keeps this one, and voids outstanding reset links", async () => {
    const user = await insertUser();
    const other = (await signIn(user.username, user.password)).cookie;
    const { cookie } = await signIn(user.username, user.password);
    await call(forgot, "POST", "/api/v1/auth/password/forgot", { body: { email: user.email } });
    const resetToken = await lastToken(user.email, "password-reset");

    const response = await call(change, "POST", "/api/v1/auth/password/change", {
      cookie,
      body: { currentPassword: user.password, newPassword: NEW_PASSWORD },
    });
    expect(response.status).toBe(200);
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(200);
    expect((await call(me, "GET", "/api/v1/me", { cookie: other })).status).toBe(401);
    expect((await signIn(user.username, NEW_PASSWORD)).status).toBe(200);
    expect(
      (
        await call(reset, "POST", "/api/v1/auth/password/reset", {
          body: { token: resetToken, password: "yet-Another-pass-5" },
        })
      ).status,
    ).toBe(400);
    expect((await queuedEmails(user.email)).at(-1)?.template).toBe("password-changed");
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
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
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
    for (let i = 0; i < 5; i++) expect((await attempt(`guess-number-${i}`)).status).toBe(400);
    const blocked = await attempt(STRONG_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBeTruthy();
  });
});
