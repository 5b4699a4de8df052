import { authorize, chainWalk, relationsTo, type Access } from "../authz";
import { db, Prisma } from "../db";
import type { LimitedUserRecord, UserListQuery, UserRecord } from "../validation/users";
import { findUserRow, presentUser, type UserRow } from "./records";

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
  if (!team) return { cte: Prisma.empty, where: Prisma.join(conditions, " AND ") };
  conditions.push(Prisma.sql`u."id" IN (SELECT "id" FROM team)`);
  return {
    cte: Prisma.sql`team ("id", depth) AS (
        SELECT "id", 1 FROM "User" WHERE "managerId" = ${actor.id}
        UNION ALL
        SELECT c."id", team.depth + 1 FROM "User" c JOIN team ON c."managerId" = team."id" WHERE team.depth < 1000
      ),`,
    where: Prisma.join(conditions, " AND "),
  };
}

type ListedRow = UserRow & { rank: number; isReport: boolean; total: bigint };

const COLUMNS = Prisma.sql`u."id", u."username", u."usernameKey", u."email", u."firstName", u."lastName",
  u."isActive", u."managerId", u."createdAt", u."photoHash"`;

/**
 * One page of users: the caller first, then by username. `q` matches username and names, and
 * email only for Admins (others cannot see emails, so they cannot search by them either).
 * `team` keeps only the caller's reports, direct or transitive (the console's manager view).
 *
 * One statement answers it all: the caller's row (if it matches), the others in username order
 * straight from its unique index, each one's roles, how each relates to the caller (the chain
 * walk, for non-Admins) and the total. The others are read from one row before the page with one
 * row to spare, LIMIT and OFFSET being constants (which keeps the planner's guesses small and
 * the plan index-driven); the caller's place at the head of the list is settled here.
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
  const walk = actor.isAdmin
    ? { cte: Prisma.empty, isReport: Prisma.sql`FALSE` }
    : {
        cte: Prisma.sql`, ${chainWalk(actor.id, Prisma.sql`SELECT "id", "managerId" FROM page WHERE "id" <> ${actor.id}`)}`,
        isReport: Prisma.sql`p."id" IN (SELECT "start" FROM up WHERE "managerId" = ${actor.id})`,
      };
  const rows = await db.$queryRaw<ListedRow[]>`
    WITH RECURSIVE ${cte}
    page AS (
      (SELECT ${COLUMNS}, 0 AS "rank" FROM "User" u WHERE u."id" = ${actor.id} AND ${where})
      UNION ALL
      (SELECT ${COLUMNS}, 1 AS "rank" FROM "User" u
       WHERE u."id" <> ${actor.id} AND ${where}
       ORDER BY u."usernameKey"
       LIMIT ${pageSize + 1}::int OFFSET ${Math.max(0, offset - 1)}::int)
    )${walk.cte}
    SELECT p.*,
      (SELECT COALESCE(json_agg(json_build_object('id', r."id", 'name', r."name", 'level', r."level")
                                ORDER BY r."level", r."name"), '[]')
         FROM "UserRole" ur JOIN "Role" r ON r."id" = ur."roleId" WHERE ur."userId" = p."id") AS roles,
      ${walk.isReport} AS "isReport",
      (SELECT count(*) FROM "User" u WHERE ${where}) AS total
    FROM page p
    ORDER BY p."rank", p."usernameKey"`;
  const caller = rows.find((row) => row.rank === 0);
  const others = rows.filter((row) => row.rank === 1);
  // Where the others read start in the list: one before the page, or the page itself at offset 0.
  const firstRead = Math.max(0, offset - 1) + (caller ? 1 : 0);
  const onPage = [...(caller && offset === 0 ? [caller] : []), ...others.slice(Math.max(0, offset - firstRead))].slice(
    0,
    pageSize,
  );
  const total = rows[0] ? Number(rows[0].total) : await countUsers(cte, where);
  const items = onPage.map((row) =>
    presentUser(row, actor, row.id === actor.id ? "self" : row.isReport ? "report" : "other"),
  );
  return { items, page, pageSize, total };
}

async function countUsers(cte: Prisma.Sql, where: Prisma.Sql): Promise<number> {
  const [counted] = await db.$queryRaw<{ total: bigint }[]>`
    WITH RECURSIVE ${cte} me AS (SELECT 1) SELECT count(*) AS total FROM "User" u WHERE ${where}`;
  return Number(counted?.total ?? 0);
}

/** One user, cut to what the actor may see; 404 for an unknown id. */
export async function getUser(actor: Access, id: string): Promise<UserRecord | LimitedUserRecord> {
  authorize(actor, { action: "users:read", relation: "other" });
  const row = await findUserRow(id);
  const relation = actor.isAdmin ? "other" : ((await relationsTo(actor.id, [id])).get(id) ?? "other");
  return presentUser(row, actor, relation);
}
