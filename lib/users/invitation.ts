import { replacePassword } from "../accounts/replace-password";
import { recordAudit } from "../audit";
import { hashPassword } from "../auth/password/pool";
import { passwordPolicyErrors } from "../auth/password/policy";
import type { RequestMeta } from "../auth/session/meta";
import { hasSecondFactor } from "../auth/mfa/factors";
import type { BrowserCookies } from "../auth/session/authenticate";
import { startBrowserSession } from "../auth/session/browser";
import type { SessionCookie } from "../auth/session/registry";
import { consumeActionToken, issueActionToken, peekActionToken } from "../auth/tokens";
import { db, type Prisma, TokenPurpose } from "../db";
import { enqueueEmail } from "../email/outbox";
import { AppError } from "../errors";

const invalidInvitation = () =>
  new AppError("invalid_token", "This invitation link is invalid, has expired or has already been used.");

/** How the inviting administrator is named in the email: "First Last (username)", or the username alone. */
function inviterName(invitedBy: { username: string; firstName: string; lastName: string }): string {
  const name = [invitedBy.firstName.trim(), invitedBy.lastName.trim()].filter(Boolean).join(" ");
  return name ? `${name} (${invitedBy.username})` : invitedBy.username;
}

/**
 * Issues the invitation link of an account an administrator created without a password (an
 * earlier invitation of the same account stops working) and queues the email, in the caller's
 * transaction: the email exists if and only if the account does. The email expires with its link.
 */
export async function sendInvitationEmail(
  tx: Prisma.TransactionClient,
  user: { id: string; email: string; username: string; firstName: string },
  invitedBy: { username: string; firstName: string; lastName: string },
): Promise<void> {
  const invitation = await issueActionToken(tx, user.id, TokenPurpose.INVITATION);
  await enqueueEmail(
    {
      template: "invitation",
      to: user.email,
      data: {
        username: user.username,
        firstName: user.firstName,
        token: invitation.token,
        invitedBy: inviterName(invitedBy),
      },
    },
    tx,
    { expiresAt: invitation.expiresAt },
  );
}

type InvitedState = { isActive: boolean; disabledAt: Date | null; passwordHash: string | null };

/**
 * An invitation only ever gives an account its first password: once it has one (accepted, or set
 * some other way) the link is dead, and a disabled account cannot be brought back into use by it.
 * So is an account that has a second factor (its owner signed in with Google and set one up):
 * the link signs in, and must not sign in past the factor; a password is set on /account then.
 */
const awaitsFirstPassword = (user: InvitedState) =>
  user.isActive && user.disabledAt === null && user.passwordHash === null;

/** The account a live invitation link belongs to, if it still awaits its first password. */
async function invitedAccount(token: string) {
  const link = await peekActionToken(token, TokenPurpose.INVITATION);
  if (!link) return null;
  const user = await db.user.findUnique({
    where: { id: link.userId },
    select: {
      id: true,
      username: true,
      firstName: true,
      email: true,
      isActive: true,
      disabledAt: true,
      passwordHash: true,
    },
  });
  return user && awaitsFirstPassword(user) && !(await hasSecondFactor(user.id)) ? user : null;
}

/** Whether the link still works, without spending it (the page checks it on load). */
export async function isInvitationUsable(token: string): Promise<{ username: string } | null> {
  const user = await invitedAccount(token);
  return user ? { username: user.username } : null;
}

/**
 * Sets the first password of an invited account from its link (single use, 7 days), marks the
 * email verified (opening the link proved the mailbox), records the acceptance and signs the
 * person in with a new browser session, which replaces those the browser held (as a sign-in
 * does). A password the policy refuses leaves the link usable.
 */
export async function acceptInvitation(
  input: { token: string; password: string },
  meta: RequestMeta,
  browser: BrowserCookies = { session: null, accounts: null },
): Promise<{ userId: string; sessionId: string; cookies: SessionCookie[] }> {
  // The link is checked (without spending it) before the slow hash, so that a dead link fails fast.
  const user = await invitedAccount(input.token);
  if (!user) throw invalidInvitation();
  const policy = passwordPolicyErrors(input.password, { username: user.username, email: user.email });
  if (policy) throw new AppError("validation_failed", "The password does not meet the policy.", policy);
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    // The user row first, then its token: the lock order of issueActionToken, so an invitation
    // re-sent at this moment waits for us instead of deadlocking. The row is read again under
    // the lock: the account may have been disabled, or given a password, since the check above.
    const [row] = await tx.$queryRaw<InvitedState[]>`
      SELECT "isActive", "disabledAt", "passwordHash" FROM "User" WHERE "id" = ${user.id} FOR UPDATE`;
    if (!row || !awaitsFirstPassword(row) || (await hasSecondFactor(user.id, tx))) throw invalidInvitation();
    // Single use: of two concurrent accepts, the second finds the link spent (or the password set).
    if ((await consumeActionToken(tx, input.token, TokenPurpose.INVITATION)) !== user.id) throw invalidInvitation();
    await tx.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    await replacePassword(tx, { user, passwordHash, reason: "invitation", meta });
    await recordAudit("account.invitation_accepted", { userId: user.id, meta }, tx);
  });
  const { sessionId, cookies } = await startBrowserSession(browser, user.id, meta);
  return { userId: user.id, sessionId, cookies };
}
