import { recordAudit } from "../auth/audit";
import { db, isUniqueViolation } from "../db";
import { requireActiveUser } from "./active-user";
import { usernameTaken } from "./errors";
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
 * email). Uniqueness is case-insensitive; changing only the casing of one's own name is allowed.
 */
export async function changeUsername(userId: string, username: string): Promise<Me> {
  const usernameKey = username.toLowerCase();
  try {
    await db.$transaction(async (tx) => {
      const found = await requireActiveUser(userId, { username: true }, tx);
      const holder = await tx.user.findUnique({ where: { usernameKey }, select: { id: true } });
      if (holder && holder.id !== userId) throw usernameTaken();
      await tx.user.update({ where: { id: userId }, data: { username, usernameKey }, select: { id: true } });
      await recordAudit("username.changed", { userId, data: { from: found.username, to: username } }, tx);
    });
    return await getMe(userId);
  } catch (error) {
    // Lost a race with another account taking the same name at the same moment.
    if (isUniqueViolation(error, "usernameKey")) throw usernameTaken();
    throw error;
  }
}
