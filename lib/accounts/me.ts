import { effectiveAccess, getRoles } from "../authz/role-cache";
import { Prisma, readRows } from "../db";
import { photoUrlOf } from "../photos/url";
import type { Me } from "../validation/responses";
import { accountGone } from "./errors";

type MeRow = {
  id: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  managerId: string | null;
  photoHash: string | null;
  roleIds: string[];
};

/** Builds Me from a user row; roles and permissions come from the role cache (Redis, DB fallback). */
async function toMe(row: MeRow): Promise<Me> {
  const roles = (await getRoles(row.roleIds)).sort((a, b) => a.level - b.level || a.name.localeCompare(b.name));
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    roles: roles.map(({ id, name, level }) => ({ id, name, level })),
    permissions: effectiveAccess(roles).permissions,
    managerId: row.managerId,
    photoUrl: photoUrlOf(row),
  };
}

/**
 * The user's profile, roles and permissions; 401 when the user no longer exists or is inactive.
 * On the hot path of every `/api/v1/me`: one round trip (user and role ids together, where the
 * Prisma relation select takes two), then the role cache.
 */
export async function getMe(userId: string): Promise<Me> {
  const rows = await readRows<MeRow>(Prisma.sql`
    SELECT u."id", u."username", u."email", u."firstName", u."lastName", u."managerId", u."photoHash",
           COALESCE(array_agg(ur."roleId") FILTER (WHERE ur."roleId" IS NOT NULL), '{}') AS "roleIds"
    FROM "User" u LEFT JOIN "UserRole" ur ON ur."userId" = u."id"
    WHERE u."id" = ${userId} AND u."isActive"
    GROUP BY u."id"`);
  const row = rows[0];
  if (!row) throw accountGone();
  return toMe(row);
}
