import { hashPassword } from "../auth/password/pool";
import { passwordPolicyErrors } from "../auth/password/policy";
import type { RequestMeta } from "../auth/session/meta";
import { createSession, type SessionCookie } from "../auth/session/registry";
import { assertRecentAuthentication, type StepUpSession } from "../auth/session/step-up";
import { db } from "../db";
import { AppError } from "../errors";
import { PASSWORD_OWNER, requireActiveUser } from "./active-user";
import { replacePassword } from "./replace-password";

/**
 * Gives a password to an account that has none (created through Google), so it can also sign in
 * with username/email and password. There is no current password to check, so the session must
 * have signed in recently (step-up). As with any new password, every session is signed out and
 * the caller continues in a new one. Refused when the account already has a password (that is a
 * change, which needs the current one).
 */
export async function setInitialPassword(
  session: StepUpSession,
  password: string,
  meta: RequestMeta,
): Promise<{ sessionId: string; cookie: SessionCookie }> {
  assertRecentAuthentication(session);
  const { userId } = session;
  const user = await requireActiveUser(userId, PASSWORD_OWNER);
  const alreadySet = () =>
    new AppError("conflict", "This account already has a password; use “Change password” instead.");
  if (user.passwordHash !== null) throw alreadySet();
  const policy = passwordPolicyErrors(password, { username: user.username, email: user.email });
  if (policy) throw new AppError("validation_failed", "The password does not meet the policy.", policy);
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    // Only if still unset: two concurrent requests cannot both "set" a first password.
    const [row] = await tx.$queryRaw<{ passwordHash: string | null }[]>`
      SELECT "passwordHash" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    if (!row || row.passwordHash !== null) throw alreadySet();
    await replacePassword(tx, { user, passwordHash, reason: "set", meta });
  });
  return createSession(userId, meta);
}
