import { db, type Prisma } from "../../db";

type Reader = Pick<Prisma.TransactionClient, "totpFactor" | "passkey" | "recoveryCode">;

/** What second factors an account has: the one place that answers "does this account use one?". */
export type FactorSummary = {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
};

/** The account's factors, read in `tx` when given. */
export async function factorSummary(userId: string, tx: Reader = db): Promise<FactorSummary> {
  const [totp, passkeys, recoveryCodesLeft] = await Promise.all([
    tx.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }),
    tx.passkey.count({ where: { userId } }),
    tx.recoveryCode.count({ where: { userId, usedAt: null } }),
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

/**
 * The same rule as a filter on users (a confirmed authenticator app or a passkey), for questions
 * asked of many accounts in one query.
 */
export const USES_SECOND_FACTOR = {
  OR: [{ totpFactor: { is: { confirmedAt: { not: null } } } }, { passkeys: { some: {} } }],
} satisfies Prisma.UserWhereInput;

export async function hasSecondFactor(userId: string, tx: Reader = db): Promise<boolean> {
  return usesSecondFactor(await factorSummary(userId, tx));
}
