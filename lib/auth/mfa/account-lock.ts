import type { Prisma } from "../../db";
import { AppError } from "../../errors";

/**
 * Locks the account's row for the rest of the transaction, so changes to one account's second
 * factors (enrolment, removal, new recovery codes) take turns. 401 when the account no longer
 * exists or is disabled: a live session does not outlast it.
 */
export async function lockActiveAccount(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ isActive: boolean }[]>`
    SELECT "isActive" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
  if (!rows[0]?.isActive) throw new AppError("unauthorized", "The account no longer exists or is disabled.");
}
