import { clearFailedSignIns, guardedPasswordCheck } from "../auth/brute-force";
import { hashPassword, verifyPassword } from "../auth/password/pool";
import { passwordPolicyErrors } from "../auth/password/policy";
import type { RequestMeta } from "../auth/session/meta";
import { consumeActionToken, peekActionToken } from "../auth/tokens";
import { db, TokenPurpose } from "../db";
import { AppError } from "../errors";
import { PASSWORD_OWNER, requireActiveUser } from "./active-user";
import { GOOGLE_PROVIDER_ID } from "./providers";
import { replacePassword } from "./replace-password";

const invalidResetLink = () => new AppError("invalid_token", "This reset link is invalid, expired or already used.");

/**
 * What the reset page needs to know about its link, without using it up: null when it no longer
 * works, else whether the account has Google linked (a reset removes it unless kept).
 */
export async function describeResetLink(token: string): Promise<{ hasLinkedGoogle: boolean } | null> {
  const link = await peekActionToken(token, TokenPurpose.PASSWORD_RESET);
  if (!link) return null;
  const linked = await db.account.count({ where: { userId: link.userId, provider: GOOGLE_PROVIDER_ID } });
  return { hasLinkedGoogle: linked > 0 };
}

/**
 * Sets a new password from a reset link (single use, 1 hour): every session and refresh token is
 * revoked, and linked Google accounts are removed unless `keepLinkedAccounts` (see
 * replacePassword). A disabled account cannot be reset back into use.
 */
export async function resetPassword(
  input: { token: string; password: string; keepLinkedAccounts?: boolean },
  meta: RequestMeta,
): Promise<void> {
  // The link is checked (without using it up) before the slow hash, so that a bad link fails fast.
  const link = await peekActionToken(input.token, TokenPurpose.PASSWORD_RESET);
  if (!link) throw invalidResetLink();
  const user = await db.user.findUnique({
    where: { id: link.userId },
    select: { id: true, username: true, firstName: true, usernameKey: true, email: true, disabledAt: true },
  });
  if (!user || user.disabledAt) throw invalidResetLink();
  const policy = passwordPolicyErrors(input.password, { username: user.username, email: user.email });
  if (policy) throw new AppError("validation_failed", "The password does not meet the policy.", policy);
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    if ((await consumeActionToken(tx, input.token, TokenPurpose.PASSWORD_RESET)) !== user.id) throw invalidResetLink();
    await replacePassword(tx, {
      user,
      passwordHash,
      reason: "reset",
      meta,
      keepLinkedAccounts: input.keepLinkedAccounts ?? false,
    });
  });
  // The reset proved the mailbox, like the unlock link: a lock from someone's guessing ends with it.
  await clearFailedSignIns(user, meta).catch(() => undefined);
}

/**
 * Changes the password of a signed-in user after checking the current one (which proves who is
 * asking: a stolen session alone cannot do it, and the check spends the login's brute-force
 * budget). Every session, this one included, and every token family is revoked; a browser
 * continues in a new session (a new id) that the caller starts afterwards, a third-party client
 * gets new tokens with the new password.
 */
export async function changePassword(
  userId: string,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const user = await requireActiveUser(userId, PASSWORD_OWNER);
  const hash = user.passwordHash;
  const matches = await guardedPasswordCheck({ userId }, meta, async () =>
    hash ? verifyPassword(input.currentPassword, hash) : false,
  );
  if (!matches) {
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
  await db.$transaction((tx) => replacePassword(tx, { user, passwordHash, reason: "changed", meta }));
}
