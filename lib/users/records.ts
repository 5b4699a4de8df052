import type { Access, Relation } from "../authz";
import { visibility } from "../authz";
import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import type { LimitedUserRecord, UserRecord } from "../validation/users";

/** What a user record is built from: the row with its roles. */
export const USER_SELECT = {
  id: true,
  username: true,
  email: true,
  firstName: true,
  lastName: true,
  isActive: true,
  managerId: true,
  createdAt: true,
  roles: { select: { role: { select: { id: true, name: true, level: true } } } },
} satisfies Prisma.UserSelect;

export type UserRow = Prisma.UserGetPayload<{ select: typeof USER_SELECT }>;

const byAuthority = (a: { level: number; name: string }, b: { level: number; name: string }) =>
  a.level - b.level || a.name.localeCompare(b.name);

/** The user as the API returns it, cut to what this actor may see of them. */
export function presentUser(row: UserRow, actor: Access, relation: Relation): UserRecord | LimitedUserRecord {
  const roles = row.roles.map(({ role }) => role).sort(byAuthority);
  const limited = { id: row.id, username: row.username, firstName: row.firstName, lastName: row.lastName, roles };
  if (visibility(actor, relation) === "limited") return limited;
  return {
    ...limited,
    email: row.email,
    isActive: row.isActive,
    managerId: row.managerId,
    createdAt: row.createdAt.toISOString(),
  };
}

export const userNotFound = () => new AppError("not_found", "No such user.");

/** The user row with its roles, or 404. */
export async function findUserRow(id: string, tx: Pick<Prisma.TransactionClient, "user"> = db): Promise<UserRow> {
  const row = await tx.user.findUnique({ where: { id }, select: USER_SELECT });
  if (!row) throw userNotFound();
  return row;
}
