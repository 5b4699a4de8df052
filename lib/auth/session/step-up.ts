import { db } from "../../db";
import { AppError } from "../../errors";
import { recordAudit } from "../../audit";
import type { StepUpProof } from "../../validation/mfa-sign-in";
import { guardedPasswordCheck } from "../brute-force";
import { verifySecondFactor } from "../mfa/second-factor";
import { verifyPassword } from "../password/pool";
import type { RequestMeta } from "./meta";
import { cacheSessionRecord, lookupSession } from "./store";

/**
 * Step-up: changes that would let a thief keep an account (linking or unlinking Google, setting a
 * first password, changing the username, signing out other sessions) need the person to have
 * proved who they are in this session within the last 10 minutes: a sign-in, or a
 * re-authentication with their password (or Google, which signs in afresh).
 */
export const STEP_UP_WINDOW_MS = 10 * 60 * 1000;

export type StepUpSession = { userId: string; sessionId: string; authenticatedAt: Date };

export function isRecentlyAuthenticated(session: Pick<StepUpSession, "authenticatedAt">, now = Date.now()): boolean {
  return now - session.authenticatedAt.getTime() < STEP_UP_WINDOW_MS;
}

/** Throws 403 `reauthentication_required` unless the session proved who it is recently. */
export function assertRecentAuthentication(session: Pick<StepUpSession, "authenticatedAt">): void {
  if (!isRecentlyAuthenticated(session)) {
    throw new AppError("reauthentication_required", "Confirm it's you: enter your password again to make this change.");
  }
}

/**
 * Re-authenticates a session with the account's password, or with a fresh second factor (a code
 * from the authenticator app or a recovery code: ../mfa/second-factor.ts), so an account without a
 * password (Google, passkeys) that has a factor can step up too. Either spends the account's
 * brute-force budget as a sign-in does. The session counts as freshly signed in for the next 10
 * minutes. Wrong password or code: 401.
 */
export async function reauthenticate(
  session: { userId: string; sessionId: string; tokenHash: string },
  proof: string | StepUpProof,
  meta: RequestMeta,
): Promise<void> {
  const input = typeof proof === "string" ? { password: proof } : proof;
  const user = await db.user.findFirst({
    where: { id: session.userId, isActive: true },
    select: { passwordHash: true },
  });
  let method = "password";
  if (input.password !== undefined) {
    const { password } = input;
    const hash = user?.passwordHash;
    if (!hash) throw new AppError("invalid_credentials", "This account has no password: confirm it with Google.");
    const matches = await guardedPasswordCheck({ userId: session.userId }, meta, () => verifyPassword(password, hash));
    if (!matches) throw new AppError("invalid_credentials", "That password is not correct.");
  } else {
    if (!user) throw new AppError("invalid_credentials", "That code is not correct.");
    const factor = input.code !== undefined ? { code: input.code } : { recoveryCode: input.recoveryCode ?? "" };
    method = await verifySecondFactor(session.userId, factor, meta);
  }
  const now = new Date();
  const updated = await db.session.updateMany({ where: { id: session.sessionId }, data: { authenticatedAt: now } });
  if (updated.count === 0) throw new AppError("unauthorized", "Sign in to continue.");
  const record = await lookupSession(session.tokenHash);
  if (record) await cacheSessionRecord(session.tokenHash, { ...record, auth: now.getTime() });
  await recordAudit("session.reauthenticated", {
    userId: session.userId,
    meta,
    data: { sessionId: session.sessionId, ...(method !== "password" && { method }) },
  });
}
