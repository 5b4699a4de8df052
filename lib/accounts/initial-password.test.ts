import { describe, expect, it } from "vitest";
import { authenticateCookieValue } from "../auth/session/authenticate";
import { createSession, listSessions } from "../auth/session/registry";
import { verifyCredentials } from "../auth/session/sign-in";
import { STEP_UP_WINDOW_MS } from "../auth/session/step-up";
import { db } from "../db";
import { insertUser, queuedEmails, STRONG_PASSWORD } from "../testing/fixtures";
import { setInitialPassword } from "./initial-password";

const META = { ip: "198.51.100.7", userAgent: "test" };

/** A session of the user that signed in `agoMs` ago (the step-up clock). */
async function sessionOf(userId: string, agoMs = 0) {
  const { sessionId, cookie } = await createSession(userId, META);
  return { cookie, stepUp: { userId, sessionId, authenticatedAt: new Date(Date.now() - agoMs) } };
}

describe("setInitialPassword", () => {
  it("lets a user without a password set one and sign in with it; every session ends, this browser continues in a new one", async () => {
    const user = await insertUser({ password: null });
    const current = await sessionOf(user.id);
    const other = await sessionOf(user.id);
    const next = await setInitialPassword(current.stepUp, STRONG_PASSWORD, META);

    const signedIn = await verifyCredentials(user.email, STRONG_PASSWORD, META);
    expect(signedIn.id).toBe(user.id);
    expect(await authenticateCookieValue(current.cookie.value)).toBeNull();
    expect(await authenticateCookieValue(other.cookie.value)).toBeNull();
    expect(await authenticateCookieValue(next.cookie.value)).toMatchObject({ sessionId: next.sessionId });
    expect((await listSessions(user.id, next.sessionId)).map((s) => s.id)).toEqual([next.sessionId]);
    expect(await queuedEmails(user.email)).toMatchObject([
      { template: "security-notice", data: { event: "password-set" } },
    ]);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "password.set" } })).toBe(1);
  });

  it("needs a recent sign-in (step-up): an older session gets reauthentication_required and nothing changes", async () => {
    const user = await insertUser({ password: null });
    const stale = await sessionOf(user.id, STEP_UP_WINDOW_MS + 1000);
    await expect(setInitialPassword(stale.stepUp, STRONG_PASSWORD, META)).rejects.toMatchObject({
      code: "reauthentication_required",
      status: 403,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
    expect(await authenticateCookieValue(stale.cookie.value)).not.toBeNull();
  });

  it("voids outstanding reset links, like every new password", async () => {
    const user = await insertUser({ password: null });
    const { issueLink } = await import("../testing/fixtures");
    const reset = await issueLink(user.id, "PASSWORD_RESET");
    await setInitialPassword((await sessionOf(user.id)).stepUp, STRONG_PASSWORD, META);
    const { peekActionToken } = await import("../auth/tokens");
    expect(await peekActionToken(reset, "PASSWORD_RESET")).toBeNull();
  });

  it("applies the password policy and refuses when a password already exists", async () => {
    const user = await insertUser({ email: "policy@example.test", password: null });
    const { stepUp } = await sessionOf(user.id);
    await expect(setInitialPassword(stepUp, "password", META)).rejects.toMatchObject({ code: "validation_failed" });
    await expect(setInitialPassword(stepUp, "policy@example.test-Long-9", META)).rejects.toMatchObject({
      code: "validation_failed",
    });
    const local = await insertUser();
    await expect(
      setInitialPassword((await sessionOf(local.id)).stepUp, "Another-strong-Pass-42", META),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("two concurrent first passwords: exactly one is set", async () => {
    const user = await insertUser({ password: null });
    const { stepUp } = await sessionOf(user.id);
    const results = await Promise.allSettled([
      setInitialPassword(stepUp, "First-strong-Pass-41", META),
      setInitialPassword(stepUp, "Second-strong-Pass-42", META),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("answers 401 for a disabled account, whose live session does not outlast it", async () => {
    const user = await insertUser({ password: null });
    const { stepUp } = await sessionOf(user.id);
    await db.user.update({ where: { id: user.id }, data: { isActive: false, disabledAt: new Date() } });
    await expect(setInitialPassword(stepUp, STRONG_PASSWORD, META)).rejects.toMatchObject({ code: "unauthorized" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
  });

  it("tells a person who already has a password to change it instead, and records nothing", async () => {
    const local = await insertUser();
    await expect(
      setInitialPassword((await sessionOf(local.id)).stepUp, "Another-strong-Pass-42", META),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("Change password") });
    expect(await db.auditEvent.count({ where: { userId: local.id, type: "password.set" } })).toBe(0);
    expect(await queuedEmails(local.email)).toEqual([]);
  });

  it("an account with a password is told so before its new password is even judged", async () => {
    const local = await insertUser();
    await expect(setInitialPassword((await sessionOf(local.id)).stepUp, "password", META)).rejects.toMatchObject({
      code: "conflict",
    });
    const user = await insertUser({ password: null });
    await expect(setInitialPassword((await sessionOf(user.id)).stepUp, "password", META)).rejects.toMatchObject({
      code: "validation_failed",
      message: "The password does not meet the policy.",
    });
  });

  it("records the new password with the request's address and tells the owner where it came from", async () => {
    const user = await insertUser({ password: null });
    await setInitialPassword((await sessionOf(user.id)).stepUp, STRONG_PASSWORD, META);
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "password.set" } })).toMatchObject({
      ip: META.ip,
      userAgent: META.userAgent,
    });
    expect(await queuedEmails(user.email)).toMatchObject([{ data: { event: "password-set", ip: META.ip } }]);
  });
});
