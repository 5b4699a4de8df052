import type { Access, Relation } from "../authz";
import { visibility } from "../authz";
import { Prisma, readRows } from "../db";
import { AppError } from "../errors";
import { photoUrlOf } from "../photos/url";
import type { LimitedUserRecord, UserRecord } from "../validation/users";

type RoleSummary = { id: string; name: string; level: number };

/** A user row with its roles (most authority first), as one query reads it. */
export type UserRow = {
  id: string;
  username: string;
  usernameKey: string;
  email: string;
  firstName: string;
  lastName: string;
  isActive: boolean;
  managerId: string | null;
  createdAt: Date;
  /** The profile photo's content hash (lib/photos), null when none. */
  photoHash: string | null;
  roles: RoleSummary[];
};

type Queryable = Pick<Prisma.TransactionClient, "$queryRaw">;

/**
 * Users and their roles in one round trip (the Prisma relation read takes three). `from` is a
 * query yielding `"id"` and `"rank"`: the answer is ordered by rank, then by username.
 */
export async function loadUserRows(from: Prisma.Sql, tx?: Queryable): Promise<UserRow[]> {
  return readRows<UserRow>(
    Prisma.sql`
    WITH picked AS (${from})
    SELECT u."id", u."username", u."usernameKey", u."email", u."firstName", u."lastName", u."isActive",
           u."managerId", u."createdAt", u."photoHash",
           COALESCE(
             json_agg(json_build_object('id', r."id", 'name', r."name", 'level', r."level") ORDER BY r."level", r."name")
               FILTER (WHERE r."id" IS NOT NULL),
             '[]'
           ) AS roles
    FROM picked p
    JOIN "User" u ON u."id" = p."id"
    LEFT JOIN "UserRole" ur ON ur."userId" = u."id"
    LEFT JOIN "Role" r ON r."id" = ur."roleId"
    GROUP BY u."id", p."rank"
    ORDER BY p."rank", u."usernameKey"`,
    tx,
  );
}

/** The user's level: the lowest among their roles (1000 with none, as lib/authz effectiveAccess). */
export const levelOf = (row: UserRow): number => row.roles.reduce((lowest, role) => Math.min(lowest, role.level), 1000);

/** The user as the API returns it, cut to what this actor may see of them. */
export function presentUser(row: UserRow, actor: Access, relation: Relation): UserRecord | LimitedUserRecord {
  const limited = {
    id: row.id,
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    roles: row.roles,
    // The avatar: shown wherever the name is (docs/decisions/080-profile-photos.md).
    photoUrl: photoUrlOf(row),
  };
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
export async function findUserRow(id: string, tx?: Queryable): Promise<UserRow> {
  const [row] = await loadUserRows(Prisma.sql`SELECT ${id}::text AS "id", 0 AS "rank"`, tx);
  if (!row) throw userNotFound();
  return row;
}
