import { describe, expect, it } from "vitest";
import { startTokenFamily } from "../auth/api-tokens/families";
import { authenticateAccessToken, authenticateCookieValue } from "../auth/session/authenticate";
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
    const { tokens } = await startTokenFamily(user.id, META);
    const reset = await issueLink(user.id, TokenPurpose.PASSWORD_RESET);

    await disableUser(user.id, actor);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.disabledAt).not.toBeNull();
    expect(row.isActive).toBe(false);
    expect(row.emailVerified).not.toBeNull();
    expect(await authenticateCookieValue(cookie.value)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await authenticateAccessToken(tokens.access_token)).toBeNull();
    expect(await db.refreshToken.count({ where: { userId: user.id } })).toBe(0);
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

describe("disabling and enabling at the edges", () => {
  it("disabling voids every kind of emailed link, and is recorded with who did it and from where", async () => {
    const admin = await insertUser();
    const user = await insertUser({ isActive: false });
    const links = await Promise.all(
      [TokenPurpose.ACTIVATION, TokenPurpose.REGISTRATION_CANCEL, TokenPurpose.ACCOUNT_UNLOCK].map(
        async (purpose) => [purpose, await issueLink(user.id, purpose)] as const,
      ),
    );
    await disableUser(user.id, { id: admin.id, meta: META });
    for (const [purpose, token] of links) expect(await peekActionToken(token, purpose)).toBeNull();
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "account.disabled" } }),
    ).toMatchObject({ actorId: admin.id, ip: META.ip, userAgent: META.userAgent });
  });

  it("a disabling without request details tells the owner without an address", async () => {
    const user = await insertUser();
    await disableUser(user.id, { id: null, meta: null });
    expect(await queuedEmails(user.email)).toMatchObject([
      {
        template: "security-notice",
        data: { event: "account-disabled", ip: "", userAgent: "", username: user.username },
      },
    ]);
    const [notice] = await queuedEmails(user.email);
    const at = notice?.template === "security-notice" ? Date.parse(notice.data.at) : NaN;
    expect(Math.abs(at - Date.now())).toBeLessThan(60_000);
  });

  it("disabling an already disabled account changes nothing and tells no one again", async () => {
    const user = await insertUser();
    await disableUser(user.id, actor);
    const first = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    await disableUser(user.id, actor);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).toEqual(first.disabledAt);
    expect(await queuedEmails(user.email)).toHaveLength(1);
  });

  it("revokes the disabled account's refresh tokens and nobody else's", async () => {
    const user = await insertUser();
    const other = await insertUser();
    await startTokenFamily(user.id, META);
    const kept = await startTokenFamily(other.id, META);
    await disableUser(user.id, actor);
    expect(await db.refreshToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await authenticateAccessToken(kept.tokens.access_token)).toMatchObject({ userId: other.id });
    expect(await db.refreshToken.count({ where: { userId: other.id } })).toBe(1);
  });

  it("enabling an account that is not disabled changes nothing and records nothing", async () => {
    const pending = await insertUser({ isActive: false });
    await enableUser(pending.id, actor);
    expect((await db.user.findUniqueOrThrow({ where: { id: pending.id } })).isActive).toBe(false);
    expect(await db.auditEvent.count({ where: { userId: pending.id, type: "account.enabled" } })).toBe(0);
  });

  it("enabling is recorded with who did it", async () => {
    const admin = await insertUser();
    const user = await insertUser();
    await disableUser(user.id, actor);
    await enableUser(user.id, { id: admin.id, meta: META });
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "account.enabled" } })).toMatchObject(
      {
        actorId: admin.id,
        ip: META.ip,
      },
    );
  });

  it("answers 404 with a message for an unknown user", async () => {
    await expect(disableUser("no-such-user", actor)).rejects.toMatchObject({ message: "No such user." });
    await expect(enableUser("no-such-user", actor)).rejects.toMatchObject({ message: "No such user." });
  });
});
