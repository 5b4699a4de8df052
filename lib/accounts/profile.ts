import { recordAudit } from "../auth/audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import { meSelect, toMe, type Me } from "./me";

/** Updates the caller's own first and last name; nothing else is writable here. */
export async function updateProfile(userId: string, input: { firstName?: string; lastName?: string }): Promise<Me> {
  const data = {
    ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
    ...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
  };
  const row = await db.$transaction(async (tx) => {
    const found = await tx.user.findFirst({ where: { id: userId, isActive: true }, select: { id: true } });
    if (!found) throw new AppError("unauthorized", "The account no longer exists or is disabled.");
    const updated = await tx.user.update({ where: { id: userId }, data, select: meSelect });
    if (Object.keys(data).length > 0) await recordAudit("profile.updated", { userId, data: { fields: Object.keys(data) } }, tx);
    return updated;
  });
  return toMe(row);
}
