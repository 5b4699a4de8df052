import { describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password/pool";
import { startTokenFamily } from "../auth/api-tokens/families";
import { authenticateAccessToken, authenticateCookieValue } from "../auth/session/authenticate";
import { createSession } from "../auth/session/registry";
import { peekActionToken } from "../auth/tokens";
import { db, TokenPurpose } from "../db";
import { insertUser, issueLink, queuedEmails, STRONG_PASSWORD, TEST_META } from "../testing/fixtures";
import { changePassword, describeResetLink, resetPassword } from "./password";
import { replacePassword } from "./replace-password";

const NEW_PASSWORD = "A-brand-new-Passphrase-7";

async function linkGoogle(userId: string, provider = "google") {
  await db.account.create({ data: { userId, type: "oidc", provider, providerAccountId: `${provider}-${userId}` } });
}

const events = async (email: string) =>
  (await queuedEmails(email)).map((m) => (m.template === "security-notice" ? m.data.event : m.template));

describe("describeResetLink", () => {
  it("says whether the account has Google linked, without using the link up", async () => {
    const user = await insertUser();
    const link = await issueLink(user.id, TokenPurpose.PASSWORD_RESET);
    expect(await describeResetLink(link)).toEqual({ hasLinkedGoogle: false });
    await linkGoogle(user.id);
    expect(await describeResetLink(link)).toEqual({ hasLinkedGoogle: true });
    expect(await peekActionToken(link, TokenPurpose.PASSWORD_RESET)).not.toBeNull();
  });

  it("counts only Google links", async () => {
    const user = await insertUser();
    await linkGoogle(user.id, "github");
    expect(await describeResetLink(await issueLink(user.id, TokenPurpose.PASSWORD_RESET))).toEqual({
      hasLinkedGoogle: false,
    });
  });

  it("is null for an unknown link, another purpose's link and a used one", async () => {
    const user = await insertUser();
    expect(await describeResetLink("z".repeat(43))).toBeNull();
    expect(await describeResetLink(await issueLink(user.id, TokenPurpose.ACCOUNT_UNLOCK))).toBeNull();
    const link = await issueLink(user.id, TokenPurpose.PASSWORD_RESET);
    await resetPassword({ token: link, password: NEW_PASSWORD }, TEST_META);
    expect(await describeResetLink(link)).toBeNull();
  });
});

describe("resetPassword", () => {
  it("the same link used twice at once sets one password; the other is refused as an invalid link", async () => {
    const user = await insertUser();
    const link = await issueLink(user.id, TokenPurpose.PASSWORD_RESET);
    const results = await Promise.allSettled([
      resetPassword({ token: link, password: NEW_PASSWORD }, TEST_META),
      resetPassword({ token: link, password: "Another-new-Passphrase-8" }, TEST_META),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "invalid_token", message: expect.stringContaining("reset link") });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "password.reset" } })).toBe(1);
  });

  it("refuses an unknown link and a disabled account's link, with the same invalid-link answer", async () => {
    await expect(resetPassword({ token: "q".repeat(43), password: NEW_PASSWORD }, TEST_META)).rejects.toMatchObject({
      code: "invalid_token",
      message: expect.stringContaining("reset link"),
    });
    const user = await insertUser();
    const link = await issueLink(user.id, TokenPurpose.PASSWORD_RESET);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date(), isActive: false } });
    await expect(resetPassword({ token: link, password: NEW_PASSWORD }, TEST_META)).rejects.toMatchObject({
      code: "invalid_token",
    });
    expect(await peekActionToken(link, TokenPurpose.PASSWORD_RESET)).not.toBeNull();
  });

  it("applies the policy with the account's own username and email", async () => {
    const user = await insertUser();
    const link = await issueLink(user.id, TokenPurpose.PASSWORD_RESET);
    await expect(
      resetPassword({ token: link, password: `${user.username}-Long-pass-9` }, TEST_META),
    ).rejects.toMatchObject({
      code: "validation_failed",
      message: "The password does not meet the policy.",
      fieldErrors: { password: expect.any(Array) },
    });
    expect(await peekActionToken(link, TokenPurpose.PASSWORD_RESET)).not.toBeNull();
  });

  it("removes linked Google unless kept; without a Google link there is nothing to unlink or tell", async () => {
    const plain = await insertUser();
    await resetPassword(
      { token: await issueLink(plain.id, TokenPurpose.PASSWORD_RESET), password: NEW_PASSWORD },
      TEST_META,
    );
    expect(await events(plain.email)).toEqual(["password-reset"]);
    expect(await db.auditEvent.count({ where: { userId: plain.id, type: "account.unlinked" } })).toBe(0);

    const linked = await insertUser();
    await linkGoogle(linked.id);
    await resetPassword(
      { token: await issueLink(linked.id, TokenPurpose.PASSWORD_RESET), password: NEW_PASSWORD },
      TEST_META,
    );
    expect(await db.account.count({ where: { userId: linked.id } })).toBe(0);
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: linked.id, type: "account.unlinked" } }),
    ).toMatchObject({ ip: TEST_META.ip, data: { provider: "google", reset: true } });
  });

  it("a reset keeps another provider's link: only Google identities are removed", async () => {
    const user = await insertUser();
    await linkGoogle(user.id, "github");
    await resetPassword(
      { token: await issueLink(user.id, TokenPurpose.PASSWORD_RESET), password: NEW_PASSWORD },
      TEST_META,
    );
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
    expect(await events(user.email)).toEqual(["password-reset"]);
  });
});

describe("changePassword", () => {
  it("refuses a new password equal to the current one, and keeps the sessions", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, TEST_META);
    await expect(
      changePassword(user.id, { currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD }, TEST_META),
    ).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { newPassword: [expect.stringContaining("different")] },
    });
    expect(await authenticateCookieValue(cookie.value)).not.toBeNull();
  });

  it("a password-less (Google) account has no current password to give: refused as incorrect", async () => {
    const user = await insertUser({ password: null });
    await expect(
      changePassword(user.id, { currentPassword: "", newPassword: NEW_PASSWORD }, TEST_META),
    ).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { currentPassword: expect.any(Array) } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
  });

  it("refuses a new password built on the account's own username, and says why", async () => {
    const user = await insertUser();
    await expect(
      changePassword(
        user.id,
        { currentPassword: STRONG_PASSWORD, newPassword: `${user.username}-Long-pass-9` },
        TEST_META,
      ),
    ).rejects.toMatchObject({
      code: "validation_failed",
      message: "The password does not meet the policy.",
      fieldErrors: { newPassword: expect.any(Array) },
    });
  });

  it("says which field is wrong when the current password is", async () => {
    const user = await insertUser();
    await expect(
      changePassword(user.id, { currentPassword: "Wrong-password-1", newPassword: NEW_PASSWORD }, TEST_META),
    ).rejects.toMatchObject({
      message: "The current password is incorrect.",
      fieldErrors: { currentPassword: ["The current password is incorrect."] },
    });
    await expect(
      changePassword(user.id, { currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD }, TEST_META),
    ).rejects.toMatchObject({ message: "Choose a password different from the current one." });
  });

  it("reports a policy failure on the newPassword field", async () => {
    const user = await insertUser();
    await expect(
      changePassword(user.id, { currentPassword: STRONG_PASSWORD, newPassword: "short" }, TEST_META),
    ).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { newPassword: expect.any(Array) } });
  });

  it("stores the new password and records the change", async () => {
    const user = await insertUser();
    await changePassword(user.id, { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD }, TEST_META);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(NEW_PASSWORD, row.passwordHash!)).toBe(true);
    expect(await events(user.email)).toEqual(["password-changed"]);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "password.changed" } })).toBe(1);
  });
});

describe("replacePassword", () => {
  it("voids outstanding reset and unlock links, but not an activation link", async () => {
    const user = await insertUser();
    const reset = await issueLink(user.id, TokenPurpose.PASSWORD_RESET);
    const unlock = await issueLink(user.id, TokenPurpose.ACCOUNT_UNLOCK);
    const activation = await issueLink(user.id, TokenPurpose.ACTIVATION);
    await db.$transaction((tx) =>
      replacePassword(tx, { user, passwordHash: "hash", reason: "changed", meta: TEST_META }),
    );
    expect(await peekActionToken(reset, TokenPurpose.PASSWORD_RESET)).toBeNull();
    expect(await peekActionToken(unlock, TokenPurpose.ACCOUNT_UNLOCK)).toBeNull();
    expect(await peekActionToken(activation, TokenPurpose.ACTIVATION)).not.toBeNull();
  });

  it("revokes the user's refresh tokens and nobody else's", async () => {
    const user = await insertUser();
    const other = await insertUser();
    const revoked = await startTokenFamily(user.id, TEST_META);
    const kept = await startTokenFamily(other.id, TEST_META);
    await db.$transaction((tx) => replacePassword(tx, { user, passwordHash: "hash", reason: "changed", meta: null }));
    expect(await authenticateAccessToken(revoked.tokens.access_token)).toBeNull();
    expect(await db.refreshToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await authenticateAccessToken(kept.tokens.access_token)).toMatchObject({ userId: other.id });
    expect(await db.refreshToken.count({ where: { userId: other.id } })).toBe(1);
  });

  it("records when the password changed", async () => {
    const user = await insertUser();
    const before = Date.now();
    await db.$transaction((tx) => replacePassword(tx, { user, passwordHash: "hash", reason: "set", meta: null }));
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toBe("hash");
    expect(row.passwordChangedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("an invitation's first password sends no security notice and is audited as a password set", async () => {
    const user = await insertUser({ password: null });
    await db.$transaction((tx) =>
      replacePassword(tx, { user, passwordHash: "hash", reason: "invitation", meta: TEST_META }),
    );
    expect(await queuedEmails(user.email)).toEqual([]);
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({
      type: "password.set",
      ip: TEST_META.ip,
    });
  });

  it("each reason is told and audited as itself", async () => {
    const cases = [
      ["changed", "password-changed", "password.changed"],
      ["reset", "password-reset", "password.reset"],
      ["set", "password-set", "password.set"],
    ] as const;
    for (const [reason, notice, audit] of cases) {
      const user = await insertUser();
      await db.$transaction((tx) => replacePassword(tx, { user, passwordHash: "hash", reason, meta: null }));
      expect(await events(user.email)).toEqual([notice]);
      expect((await db.auditEvent.findMany({ where: { userId: user.id } })).map((a) => a.type)).toEqual([audit]);
    }
  });

  it("a reset that keeps linked accounts leaves Google linked and says nothing about it", async () => {
    const user = await insertUser();
    await linkGoogle(user.id);
    await db.$transaction((tx) =>
      replacePassword(tx, { user, passwordHash: "hash", reason: "reset", meta: null, keepLinkedAccounts: true }),
    );
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
    expect(await events(user.email)).toEqual(["password-reset"]);
  });

  it("a change (not a reset) never removes linked Google", async () => {
    const user = await insertUser();
    await linkGoogle(user.id);
    await db.$transaction((tx) => replacePassword(tx, { user, passwordHash: "hash", reason: "changed", meta: null }));
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
  });
});
