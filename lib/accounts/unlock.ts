import { recordAudit } from "../audit";
import { clearFailedSignIns } from "../auth/brute-force";
import type { RequestMeta } from "../auth/session/meta";
import { consumeActionToken } from "../auth/tokens";
import { db, TokenPurpose } from "../db";
import { AppError } from "../errors";

/**
 * The unlock link from the email sent when failed sign-ins lock an account (lib/auth/brute-force.ts):
 * uses the one-time token up and clears the lock, the account's failure counts and its devices'
 * budgets, so the owner can sign in again from any browser. Proof of the mailbox, not of the
 * password: the person still signs in with the password afterwards. Opening the link does
 * nothing by itself; this runs when its page's button (or the API) posts the token.
 */
export async function unlockAccount(token: string, meta: RequestMeta): Promise<{ userId: string }> {
  return db.$transaction(async (tx) => {
    const userId = await consumeActionToken(tx, token, TokenPurpose.ACCOUNT_UNLOCK);
    if (!userId) throw new AppError("invalid_token", "This unlock link is invalid, expired or already used.");
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { usernameKey: true, email: true } });
    // Inside the transaction: if Redis cannot be reached, the token is not used up and the link still works.
    await clearFailedSignIns({ id: userId, ...user }, meta);
    await recordAudit("account.unlocked", { userId, meta }, tx);
    return { userId };
  });
}
