import { describe, expect, it } from "vitest";
import { hashPassword } from "../auth/password/pool";
import { peekActionToken } from "../auth/tokens";
import { db, TokenPurpose } from "../db";
import { EMAIL_MESSAGE_TYPE, type SealedEmail } from "../email/messages";
import { insertUser, issueLink, queuedEmails, STRONG_PASSWORD, TEST_META } from "../testing/fixtures";
import { activateAccount, cancelRegistration, isActivationLinkUsable, sendActivationEmail } from "./activation";

/** A pending account with its activation email queued; its two links. */
async function pendingAccount() {
  const user = await insertUser({ isActive: false });
  await db.$transaction((tx) => sendActivationEmail(tx, user));
  const [email] = (await queuedEmails(user.email)).filter((m) => m.template === "activation");
  if (email?.template !== "activation") throw new Error("no activation email");
  return { user, token: email.data.token, cancelToken: email.data.cancelToken };
}

describe("the activation email", () => {
  it("carries a live activation link and a live 'this wasn't me' link, and expires with them", async () => {
    const { user, token, cancelToken } = await pendingAccount();
    const activation = await peekActionToken(token, TokenPurpose.ACTIVATION);
    expect(activation?.userId).toBe(user.id);
    expect((await peekActionToken(cancelToken, TokenPurpose.REGISTRATION_CANCEL))?.userId).toBe(user.id);
    const rows = await db.outboxMessage.findMany({ where: { type: EMAIL_MESSAGE_TYPE } });
    const row = rows.find((r) => (r.payload as unknown as SealedEmail).to === user.email);
    expect(row?.expiresAt).toEqual(activation?.expiresAt);
    const [email] = await queuedEmails(user.email);
    expect(email).toMatchObject({ template: "activation", to: user.email, data: { username: user.username } });
  });

  it("a newer email voids both links of the earlier one", async () => {
    const first = await pendingAccount();
    await db.$transaction((tx) => sendActivationEmail(tx, first.user));
    expect(await isActivationLinkUsable(first.token)).toBe(false);
    expect(await peekActionToken(first.cancelToken, TokenPurpose.REGISTRATION_CANCEL)).toBeNull();
  });
});

describe("isActivationLinkUsable", () => {
  it("is true for a live activation link, without using it up", async () => {
    const { token } = await pendingAccount();
    expect(await isActivationLinkUsable(token)).toBe(true);
    expect(await isActivationLinkUsable(token)).toBe(true);
  });

  it("is false for an unknown link, a link of another purpose and a used one", async () => {
    const { user, token, cancelToken } = await pendingAccount();
    expect(await isActivationLinkUsable("x".repeat(43))).toBe(false);
    expect(await isActivationLinkUsable(cancelToken)).toBe(false);
    expect(await isActivationLinkUsable(await issueLink(user.id, TokenPurpose.PASSWORD_RESET))).toBe(false);
    await activateAccount({ token, password: STRONG_PASSWORD }, TEST_META);
    expect(await isActivationLinkUsable(token)).toBe(false);
  });
});

describe("activateAccount", () => {
  it("activates the account, marks its email verified, records it, and kills the 'this wasn't me' link", async () => {
    const { user, token, cancelToken } = await pendingAccount();
    expect(await activateAccount({ token, password: STRONG_PASSWORD }, TEST_META)).toEqual({ userId: user.id });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.isActive).toBe(true);
    expect(row.emailVerified).toBeInstanceOf(Date);
    expect(await peekActionToken(cancelToken, TokenPurpose.REGISTRATION_CANCEL)).toBeNull();
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "account.activated" } }),
    ).toMatchObject({ ip: TEST_META.ip, userAgent: TEST_META.userAgent });
  });

  it("a wrong password is refused, audited as a failed activation, and leaves everything as it was", async () => {
    const { user, token, cancelToken } = await pendingAccount();
    await expect(activateAccount({ token, password: "Not-the-password-1" }, TEST_META)).rejects.toMatchObject({
      code: "invalid_credentials",
      message: expect.stringContaining("password"),
    });
    await expect
      .poll(() => db.auditEvent.count({ where: { userId: user.id, type: "account.activation_failed" } }))
      .toBe(1);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      isActive: false,
      emailVerified: null,
    });
    expect(await isActivationLinkUsable(token)).toBe(true);
    expect(await peekActionToken(cancelToken, TokenPurpose.REGISTRATION_CANCEL)).not.toBeNull();
  });

  it("refuses an unknown link, another purpose's link, and a password-less account's link", async () => {
    const { user, cancelToken } = await pendingAccount();
    for (const token of ["x".repeat(43), cancelToken, await issueLink(user.id, TokenPurpose.PASSWORD_RESET)]) {
      await expect(activateAccount({ token, password: STRONG_PASSWORD }, TEST_META)).rejects.toMatchObject({
        code: "invalid_token",
        message: expect.stringContaining("invalid"),
      });
    }
    const passwordless = await insertUser({ isActive: false, password: null });
    const link = await issueLink(passwordless.id, TokenPurpose.ACTIVATION);
    await expect(activateAccount({ token: link, password: "" }, TEST_META)).rejects.toMatchObject({
      code: "invalid_token",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).isActive).toBe(false);
  });

  it("refuses a disabled account's link even with the right password, and leaves it inactive", async () => {
    const { user, token } = await pendingAccount();
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await expect(activateAccount({ token, password: STRONG_PASSWORD }, TEST_META)).rejects.toMatchObject({
      code: "invalid_token",
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      isActive: false,
      emailVerified: null,
    });
  });

  it("activating one account leaves other accounts' 'this wasn't me' links and its own other links alone", async () => {
    const { user, token } = await pendingAccount();
    const other = await pendingAccount();
    const reset = await issueLink(user.id, TokenPurpose.PASSWORD_RESET);
    await activateAccount({ token, password: STRONG_PASSWORD }, TEST_META);
    expect(await peekActionToken(other.cancelToken, TokenPurpose.REGISTRATION_CANCEL)).not.toBeNull();
    expect(await isActivationLinkUsable(other.token)).toBe(true);
    expect(await peekActionToken(reset, TokenPurpose.PASSWORD_RESET)).not.toBeNull();
  });

  it("the same link redeemed twice at once activates once", async () => {
    const { token } = await pendingAccount();
    const results = await Promise.allSettled([
      activateAccount({ token, password: STRONG_PASSWORD }, TEST_META),
      activateAccount({ token, password: STRONG_PASSWORD }, TEST_META),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "invalid_token" });
  });

  it("checks the password the account holds now (a re-registration's), not an older one", async () => {
    const { user, token } = await pendingAccount();
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("Newer-password-42") } });
    await expect(activateAccount({ token, password: STRONG_PASSWORD }, TEST_META)).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    await activateAccount({ token, password: "Newer-password-42" }, TEST_META);
  });
});

describe("cancelRegistration ('this wasn't me')", () => {
  it("deletes the pending account and records who asked, without keeping a link to the deleted user", async () => {
    const { user, cancelToken } = await pendingAccount();
    await cancelRegistration(cancelToken, TEST_META);
    expect(await db.user.count({ where: { id: user.id } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { type: "account.registration_cancelled" } });
    expect(audit).toMatchObject({ userId: null, ip: TEST_META.ip, data: { userId: user.id } });
  });

  it("refuses an activation link or an unknown token, and deletes nothing", async () => {
    const { user, token } = await pendingAccount();
    for (const wrong of [token, "y".repeat(43)]) {
      await expect(cancelRegistration(wrong, TEST_META)).rejects.toMatchObject({
        code: "invalid_token",
        message: expect.stringContaining("invalid"),
      });
    }
    expect(await db.user.count({ where: { id: user.id } })).toBe(1);
  });

  it("cannot delete an account whose email was verified, even one not active (disabled after activation)", async () => {
    const user = await insertUser();
    await db.user.update({ where: { id: user.id }, data: { isActive: false, disabledAt: new Date() } });
    const link = await issueLink(user.id, TokenPurpose.REGISTRATION_CANCEL);
    const cancelled = () => db.auditEvent.count({ where: { type: "account.registration_cancelled" } });
    const before = await cancelled();
    await expect(cancelRegistration(link, TEST_META)).rejects.toMatchObject({
      code: "invalid_token",
      message: expect.stringContaining("already activated"),
    });
    expect(await db.user.count({ where: { id: user.id } })).toBe(1);
    expect(await cancelled()).toBe(before);
  });

  it("cannot delete an active account whose email was never verified", async () => {
    const user = await insertUser();
    await db.user.update({ where: { id: user.id }, data: { emailVerified: null } });
    const link = await issueLink(user.id, TokenPurpose.REGISTRATION_CANCEL);
    await expect(cancelRegistration(link, TEST_META)).rejects.toMatchObject({ code: "invalid_token" });
    expect(await db.user.count({ where: { id: user.id } })).toBe(1);
  });
});
