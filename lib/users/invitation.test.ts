import { afterEach, describe, expect, it, vi } from "vitest";
import { authenticateCookieValue } from "../auth/session/authenticate";
import { verifyCredentials } from "../auth/session/sign-in";
import { peekActionToken, sha256, TOKEN_TTL_SECONDS } from "../auth/tokens";
import { config } from "../config";
import { db, TokenPurpose } from "../db";
import { renderEmail } from "../email/render";
import { appErrorFrom } from "../testing/app-error";
import { insertUser, issueLink, queuedEmails, STRONG_PASSWORD, TEST_META } from "../testing/fixtures";
import { acceptInvitation, isInvitationUsable, sendInvitationEmail } from "./invitation";

const ADMIN = { username: "grace", firstName: "Grace", lastName: "Hopper" };
const DAY_MS = 86_400_000;

/** An account as an administrator creates it for an invitation: active, no password, email not yet proved. */
async function insertInvitedUser() {
  const user = await insertUser({ password: null });
  await db.user.update({ where: { id: user.id }, data: { emailVerified: null } });
  return user;
}

/** Sends the invitation as account creation does (in a transaction) and returns the queued email. */
async function invite(user: { id: string; email: string; username: string }, invitedBy = ADMIN) {
  await db.$transaction((tx) => sendInvitationEmail(tx, { firstName: "", ...user }, invitedBy));
  const message = (await queuedEmails(user.email)).filter((m) => m.template === "invitation").at(-1);
  if (message?.template !== "invitation") throw new Error(`no invitation email to ${user.email}`);
  return message;
}

const tokenOf = async (user: { id: string; email: string; username: string }) => (await invite(user)).data.token;

const storedUser = (id: string) => db.user.findUniqueOrThrow({ where: { id } });
const acceptances = (userId: string) => db.auditEvent.count({ where: { userId, type: "account.invitation_accepted" } });

afterEach(() => {
  vi.useRealTimers();
});

describe("sendInvitationEmail", () => {
  it("queues an email naming the administrator, whose link opens the invitation page with a live 7-day token", async () => {
    const user = await insertInvitedUser();
    const message = await invite(user);
    expect(message).toMatchObject({
      to: user.email,
      data: { username: user.username, invitedBy: "Grace Hopper (grace)" },
    });

    const { html, text } = renderEmail(message);
    const link = `${config.appUrl}/invitation?token=${encodeURIComponent(message.data.token)}`;
    expect(html).toContain(`href="${link}"`);
    expect(text).toContain(link);

    const live = await peekActionToken(message.data.token, TokenPurpose.INVITATION);
    expect(live?.userId).toBe(user.id);
    const outbox = await db.outboxMessage.findFirstOrThrow({
      where: { type: "email.send" },
      orderBy: { createdAt: "desc" },
    });
    // The email is worthless once its link has expired: it expires with it.
    expect(outbox.expiresAt?.getTime()).toBe(live?.expiresAt.getTime());
    expect(TOKEN_TTL_SECONDS[TokenPurpose.INVITATION]).toBe(7 * 24 * 3600);

    // The link from the email works.
    const accepted = await acceptInvitation({ token: message.data.token, password: STRONG_PASSWORD }, TEST_META);
    expect(accepted.userId).toBe(user.id);
  });

  it("names an administrator without first or last name by username", async () => {
    const user = await insertInvitedUser();
    const message = await invite(user, { username: "root", firstName: " ", lastName: "" });
    expect(message.data.invitedBy).toBe("root");
  });

  it("queues nothing when the transaction that creates the account rolls back", async () => {
    const user = await insertInvitedUser();
    await expect(
      db.$transaction(async (tx) => {
        await sendInvitationEmail(tx, user, ADMIN);
        throw new Error("creation failed");
      }),
    ).rejects.toThrow("creation failed");
    expect(await queuedEmails(user.email)).toEqual([]);
    expect(await db.actionToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("a new invitation voids the earlier link", async () => {
    const user = await insertInvitedUser();
    const first = await tokenOf(user);
    const second = await tokenOf(user);
    expect(await isInvitationUsable(first)).toBeNull();
    expect(await isInvitationUsable(second)).toEqual({ username: user.username });
  });
});

describe("isInvitationUsable", () => {
  it("tells the page whose invitation it is, without spending the link", async () => {
    const user = await insertInvitedUser();
    const token = await tokenOf(user);
    expect(await isInvitationUsable(token)).toEqual({ username: user.username });
    expect(await isInvitationUsable(token)).toEqual({ username: user.username });
    expect(await peekActionToken(token, TokenPurpose.INVITATION)).not.toBeNull();
    await acceptInvitation({ token, password: STRONG_PASSWORD }, TEST_META);
    expect(await isInvitationUsable(token)).toBeNull();
  });

  it("is null for an unknown link and for another purpose's link", async () => {
    const user = await insertInvitedUser();
    expect(await isInvitationUsable("z".repeat(43))).toBeNull();
    expect(await isInvitationUsable(await issueLink(user.id, TokenPurpose.PASSWORD_RESET))).toBeNull();
  });
});

describe("acceptInvitation", () => {
  it("sets the first password, verifies the email, records the acceptance and signs the person in", async () => {
    const user = await insertInvitedUser();
    const token = await tokenOf(user);
    const { userId, sessionId, cookies } = await acceptInvitation({ token, password: STRONG_PASSWORD }, TEST_META);

    expect(userId).toBe(user.id);
    expect(await authenticateCookieValue(cookies[0]!.value)).toMatchObject({ userId: user.id, sessionId });
    expect((await verifyCredentials(user.email, STRONG_PASSWORD, TEST_META)).id).toBe(user.id);
    const stored = await storedUser(user.id);
    expect(stored.emailVerified).toBeInstanceOf(Date);
    expect(stored.passwordChangedAt).toBeInstanceOf(Date);
    expect(stored.isActive).toBe(true);
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "account.invitation_accepted" } }),
    ).toMatchObject({ ip: TEST_META.ip, userAgent: TEST_META.userAgent });
    // Choosing the first password is the person's own act: no "your password changed" notice.
    expect((await queuedEmails(user.email)).map((m) => m.template)).toEqual(["invitation"]);
  });

  it("the link works once: a second accept is refused and the first password stays", async () => {
    const user = await insertInvitedUser();
    const token = await tokenOf(user);
    await acceptInvitation({ token, password: STRONG_PASSWORD }, TEST_META);
    expect(await peekActionToken(token, TokenPurpose.INVITATION)).toBeNull();
    const again = await appErrorFrom(acceptInvitation({ token, password: "Another-strong-Pass-42" }, TEST_META));
    expect(again).toMatchObject({ code: "invalid_token", status: 400 });
    expect((await verifyCredentials(user.email, STRONG_PASSWORD, TEST_META)).id).toBe(user.id);
    expect(await acceptances(user.id)).toBe(1);
  });

  it("two concurrent accepts of the same link: exactly one wins, the other is refused as an invalid link", async () => {
    const user = await insertInvitedUser();
    const token = await tokenOf(user);
    const passwords = ["First-strong-Pass-41", "Second-strong-Pass-42"];
    const results = await Promise.allSettled(
      passwords.map((password) => acceptInvitation({ token, password }, TEST_META)),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "invalid_token" });
    const winner = passwords[results.findIndex((r) => r.status === "fulfilled")]!;
    expect((await verifyCredentials(user.email, winner, TEST_META)).id).toBe(user.id);
    expect(await acceptances(user.id)).toBe(1);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("is dead once the account has a second factor: it would sign in past it (e.g. after a Google sign-in set one up)", async () => {
    const user = await insertInvitedUser();
    const token = await tokenOf(user);
    await db.totpFactor.create({ data: { userId: user.id, secretCipher: "sealed", confirmedAt: new Date() } });
    expect(await isInvitationUsable(token)).toBeNull();
    expect(await appErrorFrom(acceptInvitation({ token, password: STRONG_PASSWORD }, TEST_META))).toMatchObject({
      code: "invalid_token",
    });
    expect((await storedUser(user.id)).passwordHash).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("works until the 7 days are over, then the link is refused", async () => {
    const user = await insertInvitedUser();
    const token = await tokenOf(user);
    const sentAt = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(sentAt + 7 * DAY_MS - 60_000);
    expect(await isInvitationUsable(token)).toEqual({ username: user.username });
    vi.setSystemTime(sentAt + 7 * DAY_MS + 1000);
    expect(await isInvitationUsable(token)).toBeNull();
    expect(await appErrorFrom(acceptInvitation({ token, password: STRONG_PASSWORD }, TEST_META))).toMatchObject({
      code: "invalid_token",
    });
    vi.useRealTimers();
    expect((await storedUser(user.id)).passwordHash).toBeNull();
  });

  it("refuses an expired link even when only the database says so", async () => {
    const user = await insertInvitedUser();
    const token = await tokenOf(user);
    await db.actionToken.update({
      where: { tokenHash: sha256(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await appErrorFrom(acceptInvitation({ token, password: STRONG_PASSWORD }, TEST_META))).toMatchObject({
      code: "invalid_token",
    });
    expect((await storedUser(user.id)).passwordHash).toBeNull();
  });

  it("refuses the link of a disabled account and leaves it without a password", async () => {
    const user = await insertInvitedUser();
    const token = await tokenOf(user);
    await db.user.update({ where: { id: user.id }, data: { isActive: false, disabledAt: new Date() } });
    expect(await isInvitationUsable(token)).toBeNull();
    expect(await appErrorFrom(acceptInvitation({ token, password: STRONG_PASSWORD }, TEST_META))).toMatchObject({
      code: "invalid_token",
    });
    const stored = await storedUser(user.id);
    expect(stored.passwordHash).toBeNull();
    expect(stored.emailVerified).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses the link of an account that already has a password, which stays as it was", async () => {
    const user = await insertUser();
    const token = await tokenOf(user);
    expect(await isInvitationUsable(token)).toBeNull();
    expect(
      await appErrorFrom(acceptInvitation({ token, password: "Another-strong-Pass-42" }, TEST_META)),
    ).toMatchObject({ code: "invalid_token" });
    expect((await verifyCredentials(user.email, STRONG_PASSWORD, TEST_META)).id).toBe(user.id);
    expect(await acceptances(user.id)).toBe(0);
  });

  it("refuses a password the policy rejects with 400 and errors.password; the link keeps working", async () => {
    const user = await insertInvitedUser();
    const token = await tokenOf(user);
    for (const weak of ["password", `${user.email}-Long-9`]) {
      const error = await appErrorFrom(acceptInvitation({ token, password: weak }, TEST_META));
      expect(error).toMatchObject({ code: "validation_failed", status: 400 });
      expect(error.fieldErrors?.password?.length).toBeGreaterThan(0);
    }
    expect((await storedUser(user.id)).passwordHash).toBeNull();
    expect(await isInvitationUsable(token)).toEqual({ username: user.username });
    await acceptInvitation({ token, password: STRONG_PASSWORD }, TEST_META);
    expect(await acceptances(user.id)).toBe(1);
  });
});
