import { db, type Prisma } from "../db";
import { accountGone } from "./errors";

/**
 * The signed-in caller's account with the fields in `select`, or 401 when it no longer exists or
 * is disabled (a live session does not outlast the account). Pass `tx` to read inside a transaction.
 */
export async function requireActiveUser<S extends Prisma.UserSelect>(
  userId: string,
  select: S,
  tx: Pick<Prisma.TransactionClient, "user"> = db,
): Promise<Prisma.UserGetPayload<{ select: S }>> {
  const user = await tx.user.findFirst({ where: { id: userId, isActive: true }, select });
  if (!user) throw accountGone();
  return user as Prisma.UserGetPayload<{ select: S }>;
}

/** What a password change reads of its account: who to name in the notice, and the hash to check. */
export const PASSWORD_OWNER = { id: true, username: true, firstName: true, email: true, passwordHash: true } as const;
