import { authorize, relationsTo, type Access } from "../authz";
import { db, Prisma } from "../db";
import type { LimitedUserRecord, UserListQuery, UserRecord } from "../validation/users";
import { findUserRow, presentUser, USER_SELECT } from "./records";

export type UserPage = { items: (UserRecord | LimitedUserRecord)[]; page: number; pageSize: number; total: number };

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of users: the caller first, then by username. `q` matches username and names, and
 * email only for Admins (others cannot see emails, so they cannot search by them either).
 * `team` keeps only the caller's reports, direct or transitive (the console's manager view).
 */
export async function listUsers(
  actor: Access,
  query: UserListQuery,
  options: { team?: boolean } = {},
): Promise<UserPage> {
  authorize(actor, { action: "users:list" });
  const { page, pageSize } = query;
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.q) {
    const pattern = likePattern(query.q);
    conditions.push(
      actor.isAdmin
        ? Prisma.sql`(u."username" ILIKE ${pattern} OR u."firstName" ILIKE ${pattern} OR u."lastName" ILIKE ${pattern} OR u."email" ILIKE ${pattern})`
        : Prisma.sql`(u."username" ILIKE ${pattern} OR u."firstName" ILIKE ${pattern} OR u."lastName" ILIKE ${pattern})`,
    );
  }
  if (query.roleId) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u."id" AND r."roleId" = ${query.roleId})`,
    );
  }
  const team = options.team
    ? Prisma.sql`WITH RECURSIVE team ("id", depth) AS (
        SELECT "id", 1 FROM "User" WHERE "managerId" = ${actor.id}
        UNION ALL
        SELECT c."id", team.depth + 1 FROM "User" c JOIN team ON c."managerId" = team."id" WHERE team.depth < 1000
      )`
    : Prisma.empty;
  if (options.team) conditions.push(Prisma.sql`u."id" IN (SELECT "id" FROM team)`);
  const where = Prisma.join(conditions, " AND ");
  const rows = await db.$queryRaw<{ id: string; total: bigint }[]>`
    ${team}
    SELECT u."id", count(*) OVER () AS total
    FROM "User" u
    WHERE ${where}
    ORDER BY (u."id" = ${actor.id}) DESC, u."usernameKey"
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;
  const total = rows[0] ? Number(rows[0].total) : await countUsers(where, team);
  const ids = rows.map((row) => row.id);
  const [users, relations] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids } }, select: USER_SELECT }),
    actor.isAdmin ? Promise.resolve(null) : relationsTo(actor.id, ids),
  ]);
  const byId = new Map(users.map((user) => [user.id, user]));
  const items = ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return []; // deleted between the two reads
    return [presentUser(row, actor, relations?.get(id) ?? (id === actor.id ? "self" : "other"))];
  });
  return { items, page, pageSize, total };
}

// A page past the end has no rows to carry the window count.
async function countUsers(where: Prisma.Sql, team: Prisma.Sql): Promise<number> {
  const [row] = await db.$queryRaw<{ total: bigint }[]>`${team} SELECT count(*) AS total FROM "User" u WHERE ${where}`;
  return Number(row?.total ?? 0);
}

/** One user, cut to what the actor may see; 404 for an unknown id. */
export async function getUser(actor: Access, id: string): Promise<UserRecord | LimitedUserRecord> {
  authorize(actor, { action: "users:read", relation: "other" });
  const row = await findUserRow(id);
  const relation = actor.isAdmin ? "other" : ((await relationsTo(actor.id, [id])).get(id) ?? "other");
  return presentUser(row, actor, relation);
}
