import { recordAudit } from "../audit";
import type { RequestMeta } from "../auth/session/meta";
import { revokeAllSessions } from "../auth/session/registry";
import { invalidateActionTokens } from "../auth/tokens";
import { db, TokenPurpose, type Prisma } from "../db";
import { AppError } from "../errors";
import { notifySecurityEvent } from "./notices";

type Actor = { id: string | null; meta: RequestMeta | null };

/**
 * Disables an account: its own state (`disabledAt`), not "never activated". It can no longer sign
 * in, activate, reset its password or get tokens, and everything it holds is revoked at once:
 * every session, every refresh token and every emailed link.
 */
export async function disableUser(userId: string, actor: Actor): Promise<void> {
  await db.$transaction((tx) => disableUserIn(tx, userId, actor));
}

/** disableUser inside the caller's transaction. */
export async function disableUserIn(tx: Prisma.TransactionClient, userId: string, actor: Actor): Promise<void> {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { email: true, username: true, firstName: true, disabledAt: true },
  });
  if (!user) throw new AppError("not_found", "No such user.");
  if (user.disabledAt) return;
  const now = new Date();
  await tx.user.update({ where: { id: userId }, data: { disabledAt: now, isActive: false } });
  await invalidateActionTokens(tx, userId, Object.values(TokenPurpose), now);
  await revokeAllSessions(userId, tx);
  await notifySecurityEvent(tx, user, "account-disabled", actor.meta);
  await recordAudit("account.disabled", { userId, actorId: actor.id, meta: actor.meta ?? undefined }, tx);
}

/** Enables a disabled account again: active if it had been activated, pending otherwise. */
export async function enableUser(userId: string, actor: Actor): Promise<void> {
  await db.$transaction((tx) => enableUserIn(tx, userId, actor));
}

/** enableUser inside the caller's transaction. */
export async function enableUserIn(tx: Prisma.TransactionClient, userId: string, actor: Actor): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { emailVerified: true, disabledAt: true } });
  if (!user) throw new AppError("not_found", "No such user.");
  if (!user.disabledAt) return;
  await tx.user.update({ where: { id: userId }, data: { disabledAt: null, isActive: user.emailVerified !== null } });
  await recordAudit("account.enabled", { userId, actorId: actor.id, meta: actor.meta ?? undefined }, tx);
}
