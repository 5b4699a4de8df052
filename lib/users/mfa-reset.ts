import { recordFactorChange } from "../auth/mfa/notify";
import type { RequestMeta } from "../auth/session/meta";
import { revokeAllSessions } from "../auth/session/registry";
import { authorize, authorizePermission, relationTo, type Access } from "../authz";
import { db } from "../db";
import { AppError } from "../errors";
import { findUserRow, levelOf } from "./records";

export type SecondFactorsReset = { totp: boolean; passkeys: number; recoveryCodes: number; sessions: number };

/**
 * "Reset second factors" for someone who lost their authenticator app and recovery codes: every
 * second factor of the user (authenticator app, passkeys, recovery codes) and every pending
 * sign-in challenge is removed, every session and token family revoked (whoever held one signed in
 * with a factor that is now gone), and the owner is emailed; audited `mfa.reset_by_admin` with
 * the actor. The same rule as changing the user (users:update; the user below the actor in the
 * management chain and their level, or the actor an Admin), and never one's own factors: those
 * are changed from one's own account, with step-up.
 */
export async function resetSecondFactors(actor: Access, id: string, meta: RequestMeta): Promise<SecondFactorsReset> {
  authorizePermission(actor, "users:update");
  const row = await findUserRow(id);
  const relation = await relationTo(actor.id, id);
  authorize(actor, { action: "users:update", relation, targetLevel: levelOf(row) });
  if (relation === "self") {
    throw new AppError("forbidden", "Change your own second factors from your account page.");
  }
  return db.$transaction(async (tx) => {
    // Takes turns with the owner's own changes to their factors (lib/auth/mfa/account-lock.ts).
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${id} FOR UPDATE`;
    const totp = await tx.totpFactor.deleteMany({ where: { userId: id } });
    const passkeys = await tx.passkey.deleteMany({ where: { userId: id } });
    const recoveryCodes = await tx.recoveryCode.deleteMany({ where: { userId: id } });
    await tx.signInChallenge.deleteMany({ where: { userId: id } });
    const sessions = await revokeAllSessions(id, tx);
    const removed = { totp: totp.count > 0, passkeys: passkeys.count, recoveryCodes: recoveryCodes.count, sessions };
    await recordFactorChange(
      tx,
      id,
      { audit: "mfa.reset_by_admin", notice: "second-factors-reset", actorId: actor.id, data: removed },
      meta,
    );
    return removed;
  });
}
