import { recordAudit } from "../auth/audit";
import { assertLoginAllowed, failureAccountKey, recordLoginFailure } from "../auth/brute-force";
import { hashPassword, verifyPassword } from "../auth/password/pool";
import { passwordPolicyErrors } from "../auth/password/policy";
import type { RequestMeta } from "../auth/session/meta";
import { revokeAllSessions, revokeOtherSessions } from "../auth/session/registry";
import { consumeActionToken, invalidateActionTokens, issueActionToken, sha256 } from "../auth/tokens";
import { db, type Prisma, TokenPurpose } from "../db";
import { enqueueEmail } from "../email/outbox";
import { AppError } from "../errors";
import { requireActiveUser } from "./active-user";

/** Revokes every refresh token of the user (third-party clients must sign in again). */
async function revokeRefreshTokens(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * Queues a reset link for an existing, active account; does nothing otherwise (the caller always
 * answers 202). A new request invalidates earlier links.
 */
export async function requestPasswordReset(email: string, meta: RequestMeta): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, username: true, isActive: true } });
  if (!user || !user.isActive) return;
  await db.$transaction(async (tx) => {
    const token = await issueActionToken(tx, user.id, TokenPurpose.PASSWORD_RESET);
    await enqueueEmail({ template: "password-reset", to: email, data: { username: user.username, token } }, tx);
    await recordAudit("password.reset_requested", { userId: user.id, meta }, tx);
  });
}

/**
 * Sets a new password from a reset link (single use, 1 hour). Signs the user out everywhere:
 * every session and refresh token is revoked.
 */
export async function resetPassword(input: { token: string; password: string }, meta: RequestMeta): Promise<void> {
  // The token is checked (without consuming it) before the slow hash, so that a bad link fails fast.
  const preview = await db.actionToken.findUnique({
    where: { tokenHash: sha256(input.token) },
    select: { purpose: true, usedAt: true, expiresAt: true, user: { select: { username: true, email: true } } },
  });
  const invalid = () => new AppError("invalid_token", "This reset link is invalid, expired or already used.");
  if (!preview || preview.purpose !== TokenPurpose.PASSWORD_RESET || preview.usedAt || preview.expiresAt <= new Date())
    throw invalid();
  const policy = passwordPolicyErrors(input.password, { username: preview.user.username, email: preview.user.email });
  if (policy) throw new AppError("validation_failed", "The password does not meet the policy.", policy);
  const passwordHash = await hashPassword(input.password);

  const userId = await db.$transaction(async (tx) => {
    const owner = await consumeActionToken(tx, input.token, TokenPurpose.PASSWORD_RESET);
    if (!owner) throw invalid();
    const user = await tx.user.update({
      where: { id: owner },
      data: { passwordHash, passwordChangedAt: new Date() },
      select: { id: true, username: true, email: true },
    });
    await invalidateActionTokens(tx, owner, TokenPurpose.PASSWORD_RESET);
    await revokeRefreshTokens(tx, owner);
    await enqueueEmail({ template: "password-changed", to: user.email, data: { username: user.username } }, tx);
    await recordAudit("password.reset", { userId: owner, meta }, tx);
    return owner;
  });
  await revokeAllSessions(userId);
}

/**
 * Changes the password of a signed-in user after checking the current one. Every other session
 * and every refresh token is revoked, outstanding reset links stop working, and the owner is
 * notified by email.
 */
export async function changePassword(
  userId: string,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const user = await requireActiveUser(userId, { username: true, email: true, passwordHash: true });
  // A stolen session must not become a password-guessing oracle: same per (account, IP) limit as login.
  const accountKey = failureAccountKey({ userId });
  await assertLoginAllowed(accountKey, meta.ip);
  if (!user.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await recordLoginFailure(accountKey, meta.ip);
    throw new AppError("validation_failed", "The current password is incorrect.", {
      currentPassword: ["The current password is incorrect."],
    });
  }
  const policy = passwordPolicyErrors(input.newPassword, { username: user.username, email: user.email }, "newPassword");
  if (policy) throw new AppError("validation_failed", "The password does not meet the policy.", policy);
  if (input.newPassword === input.currentPassword) {
    throw new AppError("validation_failed", "Choose a password different from the current one.", {
      newPassword: ["Choose a password different from the current one."],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } });
    await invalidateActionTokens(tx, userId, TokenPurpose.PASSWORD_RESET);
    await revokeRefreshTokens(tx, userId);
    await enqueueEmail({ template: "password-changed", to: user.email, data: { username: user.username } }, tx);
    await recordAudit("password.changed", { userId, meta }, tx);
  });
  await revokeOtherSessions(userId, sessionId);
}
