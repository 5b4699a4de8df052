import { describe, expect, it } from "vitest";
import { createSession, listSessions } from "../auth/session/registry";
import { verifyCredentials } from "../auth/session/sign-in";
import { db } from "../db";
import { insertUser, queuedEmails, STRONG_PASSWORD } from "../testing/fixtures";
import { setInitialPassword } from "./initial-password";

const META = { ip: "198.51.100.7", userAgent: "test" };

describe("setInitialPassword", () => {
  it("lets a user without a password (created through Google) set one and then sign in with it; other sessions end, this one stays", async () => {
    const user = await insertUser({ password: null });
    const current = await createSession(user.id, META);
    await createSession(user.id, META);
    await setInitialPassword(user.id, current.sessionId, STRONG_PASSWORD, META);

    const signedIn = await verifyCredentials(user.email, STRONG_PASSWORD, META);
    expect(signedIn.id).toBe(user.id);
    expect((await listSessions(user.id, current.sessionId)).map((s) => s.current)).toEqual([true]);
    expect((await queuedEmails(user.email)).map((m) => m.template)).toEqual(["password-changed"]);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "password.set" } })).toBe(1);
  });

  it("applies the password policy and refuses when a password already exists", async () => {
    const user = await insertUser({ email: "policy@example.test", password: null });
    const session = await createSession(user.id, META);
    await expect(setInitialPassword(user.id, session.sessionId, "password", META)).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      setInitialPassword(user.id, session.sessionId, "policy@example.test-Long-9", META),
    ).rejects.toMatchObject({ code: "validation_failed" });
    const local = await insertUser();
    const localSession = await createSession(local.id, META);
    await expect(
      setInitialPassword(local.id, localSession.sessionId, "Another-strong-Pass-42", META),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("answers 401 for a disabled account, whose live session does not outlast it", async () => {
    const user = await insertUser({ password: null });
    const session = await createSession(user.id, META);
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    await expect(setInitialPassword(user.id, session.sessionId, STRONG_PASSWORD, META)).rejects.toMatchObject({
      code: "unauthorized",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
  });
});
