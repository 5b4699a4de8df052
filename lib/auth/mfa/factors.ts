import { db } from "../../db";

/** What second factors an account has: the one place that answers "does this account use one?". */
export type FactorSummary = {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
};

export async function factorSummary(userId: string): Promise<FactorSummary> {
  const [totp, passkeys, recoveryCodesLeft] = await Promise.all([
    db.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }),
    db.passkey.count({ where: { userId } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { totp: totp > 0, passkeys, recoveryCodesLeft };
}

/**
 * Whether signing in to the account asks for a second factor: a confirmed authenticator app or a
 * passkey. Recovery codes alone are not a factor: they stand in for one.
 */
export function usesSecondFactor(summary: FactorSummary): boolean {
  return summary.totp || summary.passkeys > 0;
}

export async function hasSecondFactor(userId: string): Promise<boolean> {
  return usesSecondFactor(await factorSummary(userId));
}
