import { describe, expect, it } from "vitest";
import { authenticateCookieValue } from "../auth/session/authenticate";
import { createSession } from "../auth/session/registry";
import { STEP_UP_WINDOW_MS } from "../auth/session/step-up";
import { db } from "../db";
import { insertUser, queuedEmails, TEST_META } from "../testing/fixtures";
import { signOutOtherSessions, signOutSession } from "./sessions";

/** The step-up view of a session of the user that signed in `agoMs` ago. */
async function sessionOf(userId: string, agoMs = 0) {
  const { sessionId, cookie } = await createSession(userId, TEST_META);
  return { cookie: cookie.value, stepUp: { userId, sessionId, authenticatedAt: new Date(Date.now() - agoMs) } };
}

describe("signOutOtherSessions", () => {
  it("ends every other session, keeps this one, tells the owner and records how many ended", async () => {
    const user = await insertUser();
    const current = await sessionOf(user.id);
    const others = [await sessionOf(user.id), await sessionOf(user.id)];
    expect(await signOutOtherSessions(current.stepUp, TEST_META)).toBe(2);
    expect(await authenticateCookieValue(current.cookie)).not.toBeNull();
    for (const other of others) expect(await authenticateCookieValue(other.cookie)).toBeNull();
    expect(await queuedEmails(user.email)).toMatchObject([
      { template: "security-notice", data: { event: "other-sessions-signed-out", ip: TEST_META.ip } },
    ]);
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "sessions.revoked_others" } }),
    ).toMatchObject({ ip: TEST_META.ip, data: { count: 2 } });
  });

  it("with no other session, ends nothing and tells no one", async () => {
    const user = await insertUser();
    const current = await sessionOf(user.id);
    expect(await signOutOtherSessions(current.stepUp, TEST_META)).toBe(0);
    expect(await queuedEmails(user.email)).toEqual([]);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "sessions.revoked_others" } })).toBe(0);
  });

  it("needs a recent sign-in, and a live account", async () => {
    const user = await insertUser();
    const stale = await sessionOf(user.id, STEP_UP_WINDOW_MS + 1000);
    const other = await sessionOf(user.id);
    await expect(signOutOtherSessions(stale.stepUp, TEST_META)).rejects.toMatchObject({
      code: "reauthentication_required",
    });
    expect(await authenticateCookieValue(other.cookie)).not.toBeNull();
    const current = await sessionOf(user.id);
    await db.user.update({ where: { id: user.id }, data: { isActive: false, disabledAt: new Date() } });
    await expect(signOutOtherSessions(current.stepUp, TEST_META)).rejects.toMatchObject({ code: "unauthorized" });
  });
});

describe("signOutSession", () => {
  it("ends another of the caller's sessions and records which", async () => {
    const user = await insertUser();
    const current = await sessionOf(user.id);
    const other = await sessionOf(user.id);
    await signOutSession(current.stepUp, other.stepUp.sessionId, TEST_META);
    expect(await authenticateCookieValue(other.cookie)).toBeNull();
    expect(await authenticateCookieValue(current.cookie)).not.toBeNull();
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "session.revoked" } })).toMatchObject(
      {
        ip: TEST_META.ip,
        data: { sessionId: other.stepUp.sessionId },
      },
    );
  });

  it("ending this very session needs no recent sign-in; ending another one does", async () => {
    const user = await insertUser();
    const stale = await sessionOf(user.id, STEP_UP_WINDOW_MS + 1000);
    const other = await sessionOf(user.id);
    await expect(signOutSession(stale.stepUp, other.stepUp.sessionId, TEST_META)).rejects.toMatchObject({
      code: "reauthentication_required",
    });
    expect(await authenticateCookieValue(other.cookie)).not.toBeNull();
    await signOutSession(stale.stepUp, stale.stepUp.sessionId, TEST_META);
    expect(await authenticateCookieValue(stale.cookie)).toBeNull();
  });

  it("answers 404 for another person's session, which stays", async () => {
    const user = await insertUser();
    const stranger = await insertUser();
    const current = await sessionOf(user.id);
    const theirs = await sessionOf(stranger.id);
    await expect(signOutSession(current.stepUp, theirs.stepUp.sessionId, TEST_META)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await authenticateCookieValue(theirs.cookie)).not.toBeNull();
  });
});
