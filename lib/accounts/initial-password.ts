import { hashPassword } from "../auth/password/pool";
import { passwordPolicyErrors } from "../auth/password/policy";
import { requireActiveUser } from "./active-user";
import { db } from "../db";
import { enqueueEmail } from "../email/outbox";
import { AppError } from "../errors";
import { recordAudit } from "../auth/audit";
import type { RequestMeta } from "../auth/session/meta";
import { revokeOtherSessions } from "../auth/session/registry";

/**
 * Gives a password to an account that has none (created through Google), so it can also sign in
 * with username/email and password. No current password exists to check; the signed-in session
 * is the proof. As with a password change, every other session is signed out and the owner is
 * told by email. Refused when the account already has a password (that is a change, which needs
 * the current one).
 */
export async function setInitialPassword(
  userId: string,
  sessionId: string,
  password: string,
  meta: RequestMeta,
): Promise<void> {
  const user = await requireActiveUser(userId, { username: true, email: true, passwordHash: true });
  const alreadySet = () =>
    new AppError("conflict", "This account already has a password; use “Change password” instead.");
  if (user.passwordHash !== null) throw alreadySet();
  const policy = passwordPolicyErrors(password, { username: user.username, email: user.email });
  if (policy) throw new AppError("validation_failed", "The password does not meet the policy.", policy);
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    // Only if still unset: two concurrent requests cannot both "set" a first password.
    const updated = await tx.user.updateMany({
      where: { id: userId, passwordHash: null },
      data: { passwordHash, passwordChangedAt: new Date() },
    });
    if (updated.count === 0) throw alreadySet();
    await enqueueEmail({ template: "password-changed", to: user.email, data: { username: user.username } }, tx);
    await recordAudit("password.set", { userId, meta }, tx);
  });
  await revokeOtherSessions(userId, sessionId);
}
