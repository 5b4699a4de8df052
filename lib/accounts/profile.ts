import { recordAudit } from "../audit";
import type { RequestMeta } from "../auth/session/meta";
import { assertRecentAuthentication, type StepUpSession } from "../auth/session/step-up";
import { db, isUniqueViolation } from "../db";
import { requireActiveUser } from "./active-user";
import { usernameTaken } from "./errors";
import { notifySecurityEvent } from "./notices";
import type { Me } from "../validation/responses";
import { getMe } from "./me";

/** Updates the caller's own first and last name; nothing else is writable here. */
export async function updateProfile(userId: string, input: { firstName?: string; lastName?: string }): Promise<Me> {
  const data = {
    ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
    ...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
  };
  await db.$transaction(async (tx) => {
    await requireActiveUser(userId, { id: true }, tx);
    await tx.user.update({ where: { id: userId }, data, select: { id: true } });
    if (Object.keys(data).length > 0)
      await recordAudit("profile.updated", { userId, data: { fields: Object.keys(data) } }, tx);
  });
  return getMe(userId);
}

/**
 * Changes the caller's username (accounts created through Google get one derived from their
 * email): a way to sign in, so it needs a recent sign-in (step-up) and the owner is told.
 * Uniqueness is case-insensitive; changing only the casing of one's own name is allowed.
 */
export async function changeUsername(session: StepUpSession, username: string, meta: RequestMeta): Promise<Me> {
  assertRecentAuthentication(session);
  const { userId } = session;
  const usernameKey = username.toLowerCase();
  try {
    await db.$transaction(async (tx) => {
      const found = await requireActiveUser(userId, { username: true, email: true, firstName: true }, tx);
      const holder = await tx.user.findUnique({ where: { usernameKey }, select: { id: true } });
      if (holder && holder.id !== userId) throw usernameTaken();
      await tx.user.update({ where: { id: userId }, data: { username, usernameKey }, select: { id: true } });
      await notifySecurityEvent(tx, { ...found, username }, "username-changed", meta);
      await recordAudit("username.changed", { userId, meta, data: { from: found.username, to: username } }, tx);
    });
    return await getMe(userId);
  } catch (error) {
    // Lost a race with another account taking the same name at the same moment.
    if (isUniqueViolation(error, "usernameKey")) throw usernameTaken();
    throw error;
  }
}
