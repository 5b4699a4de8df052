import type { JobContext, JobResult } from "./types";

/**
 * Deletes one-time tokens that can no longer be used (expired or used), Auth.js verification
 * tokens past expiry, expired refresh tokens (a revoked family's go with its registry row), and
 * sign-in challenges whose second step never came.
 * Used refresh tokens stay until they expire: presenting one again is how a stolen token is detected.
 */
export async function purgeExpiredTokens({ db, now }: JobContext): Promise<JobResult> {
  const actionTokens = await db.actionToken.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { not: null } }] },
  });
  const verificationTokens = await db.verificationToken.deleteMany({ where: { expires: { lt: now } } });
  const refreshTokens = await db.refreshToken.deleteMany({ where: { expiresAt: { lt: now } } });
  const signInChallenges = await db.signInChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  return {
    actionTokensDeleted: actionTokens.count,
    verificationTokensDeleted: verificationTokens.count,
    refreshTokensDeleted: refreshTokens.count,
    signInChallengesDeleted: signInChallenges.count,
  };
}
