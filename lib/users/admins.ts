import { ADMIN_ROLE } from "../authz";
import type { Prisma } from "../db";
import type { UserRow } from "./records";

/** Whether the user is an active holder of the built-in Admin role. */
export function isActiveAdmin(row: UserRow): boolean {
  return row.isActive && row.roles.some((role) => role.name === ADMIN_ROLE);
}

/**
 * Whether an active Admin other than `userId` would remain. Takes a transaction-wide lock first,
 * so two Admins disabling or deleting each other at once cannot both see the other one remain.
 */
export async function anotherActiveAdminRemains(tx: Prisma.TransactionClient, userId: string): Promise<boolean> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('authz:last-admin'))`;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT u."id" FROM "User" u
    JOIN "UserRole" ur ON ur."userId" = u."id"
    JOIN "Role" r ON r."id" = ur."roleId"
    WHERE r."name" = ${ADMIN_ROLE} AND u."isActive" AND u."id" <> ${userId}
    LIMIT 1`;
  return rows.length > 0;
}
