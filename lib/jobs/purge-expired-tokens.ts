import type { JobContext, JobResult } from "./types";

/**
 * Deletes one-time tokens that can no longer be used (expired or used), Auth.js verification
 * tokens past expiry, and refresh tokens that are expired or revoked. Used-but-unrevoked refresh
 * tokens stay until they expire: presenting one again is how a stolen token is detected.
 */
export async function purgeExpiredTokens({ db, now }: JobContext): Promise<JobResult> {
  const actionTokens = await db.actionToken.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { not: null } }] },
  });
  const verificationTokens = await db.verificationToken.deleteMany({ where: { expires: { lt: now } } });
  const refreshTokens = await db.refreshToken.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { revokedAt: { not: null } }] },
  });
  return {
    actionTokensDeleted: actionTokens.count,
    verificationTokensDeleted: verificationTokens.count,
    refreshTokensDeleted: refreshTokens.count,
  };
}
