import { authorize, relationsTo, type Access } from "../authz";
import { db, Prisma } from "../db";
import type { LimitedUserRecord, UserListQuery, UserRecord } from "../validation/users";
import { findUserRow, loadUserRows, presentUser } from "./records";

export type UserPage = { items: (UserRecord | LimitedUserRecord)[]; page: number; pageSize: number; total: number };

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Which users a listing holds (on alias `u`), and the CTE it needs first, if any. */
function listing(actor: Access, query: UserListQuery, team: boolean): { cte: Prisma.Sql; where: Prisma.Sql } {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.q) {
    const pattern = likePattern(query.q);
    const email = actor.isAdmin ? Prisma.sql` OR u."email" ILIKE ${pattern}` : Prisma.empty;
    conditions.push(
      Prisma.sql`(u."username" ILIKE ${pattern} OR u."firstName" ILIKE ${pattern} OR u."lastName" ILIKE ${pattern}${email})`,
    );
  }
  if (query.roleId) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u."id" AND r."roleId" = ${query.roleId})`,
    );
  }
  if (!team) return { cte: Prisma.sql`WITH`, where: Prisma.join(conditions, " AND ") };
  conditions.push(Prisma.sql`u."id" IN (SELECT "id" FROM team)`);
  return {
    cte: Prisma.sql`WITH RECURSIVE team ("id", depth) AS (
        SELECT "id", 1 FROM "User" WHERE "managerId" = ${actor.id}
        UNION ALL
        SELECT c."id", team.depth + 1 FROM "User" c JOIN team ON c."managerId" = team."id" WHERE team.depth < 1000
      ),`,
    where: Prisma.join(conditions, " AND "),
  };
}

/**
 * One page of users: the caller first, then by username. `q` matches username and names, and
 * email only for Admins (others cannot see emails, so they cannot search by them either).
 * `team` keeps only the caller's reports, direct or transitive (the console's manager view).
 * The others are read in username order straight from its unique index (LIMIT/OFFSET shifted by
 * one when the caller heads the list), so a page costs the same in 10 users or 10,000.
 */
export async function listUsers(
  actor: Access,
  query: UserListQuery,
  options: { team?: boolean } = {},
): Promise<UserPage> {
  authorize(actor, { action: "users:list" });
  const { page, pageSize } = query;
  const offset = (page - 1) * pageSize;
  const { cte, where } = listing(actor, query, options.team ?? false);
  const ids = Prisma.sql`
    ${cte} me AS (SELECT u."id" FROM "User" u WHERE u."id" = ${actor.id} AND ${where})
    SELECT "id", 0 AS "rank" FROM me WHERE ${offset}::int = 0
    UNION ALL
    (SELECT u."id", 1 AS "rank" FROM "User" u
     WHERE u."id" <> ${actor.id} AND ${where}
     ORDER BY u."usernameKey"
     LIMIT ${pageSize}::int - (CASE WHEN ${offset}::int = 0 THEN (SELECT count(*) FROM me) ELSE 0 END)
     OFFSET GREATEST(0, ${offset}::int - (SELECT count(*) FROM me)))`;
  const [rows, [counted]] = await Promise.all([
    loadUserRows(ids),
    db.$queryRaw<{ total: bigint }[]>`${cte} me AS (SELECT 1) SELECT count(*) AS total FROM "User" u WHERE ${where}`,
  ]);
  const relations = actor.isAdmin
    ? null
    : await relationsTo(
        actor.id,
        rows.map((row) => row.id),
      );
  const items = rows.map((row) =>
    presentUser(row, actor, relations?.get(row.id) ?? (row.id === actor.id ? "self" : "other")),
  );
  return { items, page, pageSize, total: Number(counted?.total ?? 0) };
}

/** One user, cut to what the actor may see; 404 for an unknown id. */
export async function getUser(actor: Access, id: string): Promise<UserRecord | LimitedUserRecord> {
  authorize(actor, { action: "users:read", relation: "other" });
  const row = await findUserRow(id);
  const relation = actor.isAdmin ? "other" : ((await relationsTo(actor.id, [id])).get(id) ?? "other");
  return presentUser(row, actor, relation);
}
