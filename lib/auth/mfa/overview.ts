import { db } from "../../db";
import { factorSummary } from "./factors";
import { PENDING_TTL_MS } from "./totp";

/** An account's second factors as its owner sees them (GET /api/v1/me/mfa, the /account page). */
export type MfaOverview = {
  totp: {
    enabled: boolean;
    /** A setup waits for its first code (and has not expired). */
    pending: boolean;
    enabledAt: Date | null;
  };
  passkeys: number;
  recoveryCodesLeft: number;
};

export async function mfaOverview(userId: string): Promise<MfaOverview> {
  const [summary, factor] = await Promise.all([
    factorSummary(userId),
    db.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true, createdAt: true } }),
  ]);
  const enabledAt = factor?.confirmedAt ?? null;
  const pending = factor !== null && enabledAt === null && Date.now() - factor.createdAt.getTime() <= PENDING_TTL_MS;
  return {
    totp: { enabled: summary.totp, pending, enabledAt: summary.totp ? enabledAt : null },
    passkeys: summary.passkeys,
    recoveryCodesLeft: summary.recoveryCodesLeft,
  };
}
