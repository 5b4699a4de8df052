import { recordAudit } from "../auth/audit";
import { consumeActionToken, issueActionToken } from "../auth/tokens";
import { db, TokenPurpose } from "../db";
import { enqueueEmail } from "../email/outbox";
import { AppError } from "../errors";

const invalidToken = () => new AppError("invalid_token", "This activation link is invalid, expired or already used.");

/** Activates the account the token was issued for. Invalid, used or expired tokens: 400 `invalid_token`. */
export async function activateAccount(token: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const userId = await consumeActionToken(tx, token, TokenPurpose.ACTIVATION);
    if (!userId) throw invalidToken();
    const now = new Date();
    await tx.user.update({ where: { id: userId }, data: { isActive: true, emailVerified: now } });
    await recordAudit("account.activated", { userId }, tx);
  });
}

/**
 * Sends a fresh activation link (earlier ones stop working) when the email belongs to an account
 * that is not activated yet; otherwise does nothing. Callers always answer 202.
 */
export async function resendActivation(email: string): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, username: true, isActive: true } });
  if (!user || user.isActive) return;
  await db.$transaction(async (tx) => {
    const token = await issueActionToken(tx, user.id, TokenPurpose.ACTIVATION);
    await enqueueEmail({ template: "activation", to: email, data: { username: user.username, token } }, tx);
  });
}
