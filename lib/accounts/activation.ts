import { recordAudit } from "../audit";
import { guardedPasswordCheck } from "../auth/brute-force";
import { verifyPassword } from "../auth/password/pool";
import type { RequestMeta } from "../auth/session/meta";
import { consumeActionToken, issueActionToken, peekActionToken } from "../auth/tokens";
import { db, type Prisma, TokenPurpose } from "../db";
import { enqueueEmail } from "../email/outbox";
import { AppError } from "../errors";

const invalidToken = () => new AppError("invalid_token", "This activation link is invalid, expired or already used.");

/**
 * Issues the activation link and the "this wasn't me" link of a pending account (earlier ones of
 * both stop working) and queues the email, in the caller's transaction. The email expires with
 * its links.
 */
export async function sendActivationEmail(
  tx: Prisma.TransactionClient,
  user: { id: string; email: string; username: string; firstName: string },
): Promise<void> {
  const activation = await issueActionToken(tx, user.id, TokenPurpose.ACTIVATION);
  const cancel = await issueActionToken(tx, user.id, TokenPurpose.REGISTRATION_CANCEL);
  await enqueueEmail(
    {
      template: "activation",
      to: user.email,
      data: { username: user.username, firstName: user.firstName, token: activation.token, cancelToken: cancel.token },
    },
    tx,
    { expiresAt: activation.expiresAt },
  );
}

/** Whether an activation link still works, without using it up (the page checks it on load). */
export async function isActivationLinkUsable(token: string): Promise<boolean> {
  return (await peekActionToken(token, TokenPurpose.ACTIVATION)) !== null;
}

/**
 * Activates the account a link was issued for, once the person gives the password chosen at
 * registration: whoever registered an address they do not own never receives the link, and
 * whoever owns the address (or a mail scanner opening the link) does not know that password, so
 * neither can activate an account someone else prepared. A wrong password is counted like a
 * failed sign-in and leaves the link usable. Returns the user id (the caller signs them in).
 */
export async function activateAccount(
  input: { token: string; password: string },
  meta: RequestMeta,
): Promise<{ userId: string }> {
  const link = await peekActionToken(input.token, TokenPurpose.ACTIVATION);
  if (!link) throw invalidToken();
  const user = await db.user.findUnique({
    where: { id: link.userId },
    select: { passwordHash: true, disabledAt: true },
  });
  if (!user || user.disabledAt || !user.passwordHash) throw invalidToken();
  const hash = user.passwordHash;
  const matches = await guardedPasswordCheck({ userId: link.userId }, meta, () => verifyPassword(input.password, hash));
  if (!matches) {
    void recordAudit("account.activation_failed", { userId: link.userId, meta });
    throw new AppError("invalid_credentials", "That is not the password chosen when the account was registered.");
  }
  await db.$transaction(async (tx) => {
    const userId = await consumeActionToken(tx, input.token, TokenPurpose.ACTIVATION);
    if (userId !== link.userId) throw invalidToken();
    const now = new Date();
    await tx.user.update({ where: { id: userId }, data: { isActive: true, emailVerified: now } });
    await tx.actionToken.updateMany({
      where: { userId, purpose: TokenPurpose.REGISTRATION_CANCEL, usedAt: null },
      data: { usedAt: now, liveKey: null },
    });
    await recordAudit("account.activated", { userId, meta }, tx);
  });
  return { userId: link.userId };
}

/**
 * "This wasn't me": deletes the pending account a registration created with someone else's
 * address. Only a never-activated account is deleted; once activated the link is dead.
 */
export async function cancelRegistration(token: string, meta: RequestMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    const userId = await consumeActionToken(tx, token, TokenPurpose.REGISTRATION_CANCEL);
    if (!userId) throw new AppError("invalid_token", "This link is invalid, expired or already used.");
    const { count } = await tx.user.deleteMany({ where: { id: userId, emailVerified: null, isActive: false } });
    if (count === 0) throw new AppError("invalid_token", "This account was already activated.");
    await recordAudit("account.registration_cancelled", { userId: null, meta, data: { userId } }, tx);
  });
}
