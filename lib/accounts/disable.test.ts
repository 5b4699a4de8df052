import { describe, expect, it } from "vitest";
import { authenticateCookieValue } from "../auth/session/authenticate";
import { createSession } from "../auth/session/registry";
import { peekActionToken } from "../auth/tokens";
import { db, TokenPurpose } from "../db";
import { insertUser, issueLink, queuedEmails } from "../testing/fixtures";
import { disableUser, enableUser } from "./disable";

const META = { ip: "192.0.2.10", userAgent: "test" };
const actor = { id: null, meta: META };

describe("disabling an account", () => {
  it("is its own state and revokes everything at once: sessions, refresh tokens and emailed links", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, META);
    await db.refreshToken.create({
      data: {
        userId: user.id,
        familyId: "fam",
        tokenHash: `rt-${user.id}`,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const reset = await issueLink(user.id, TokenPurpose.PASSWORD_RESET);

    await disableUser(user.id, actor);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.disabledAt).not.toBeNull();
    expect(row.isActive).toBe(false);
    expect(row.emailVerified).not.toBeNull();
    expect(await authenticateCookieValue(cookie.value)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await db.refreshToken.findFirstOrThrow({ where: { userId: user.id } })).revokedAt).not.toBeNull();
    expect(await peekActionToken(reset, TokenPurpose.PASSWORD_RESET)).toBeNull();
    expect(await queuedEmails(user.email)).toMatchObject([{ data: { event: "account-disabled" } }]);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "account.disabled" } })).toBe(1);
    // Idempotent.
    await disableUser(user.id, actor);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "account.disabled" } })).toBe(1);
  });

  it("enabling restores the state the account had: active if it was activated, pending if not", async () => {
    const active = await insertUser();
    const pending = await insertUser({ isActive: false });
    for (const user of [active, pending]) await disableUser(user.id, actor);
    for (const user of [active, pending]) await enableUser(user.id, actor);
    expect(await db.user.findUniqueOrThrow({ where: { id: active.id } })).toMatchObject({
      isActive: true,
      disabledAt: null,
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      isActive: false,
      disabledAt: null,
      emailVerified: null,
    });
  });

  it("answers 404 for an unknown user", async () => {
    await expect(disableUser("no-such-user", actor)).rejects.toMatchObject({ code: "not_found" });
    await expect(enableUser("no-such-user", actor)).rejects.toMatchObject({ code: "not_found" });
  });
});
