import { authorize, relationsTo, type Access } from "../authz";
import { Prisma, readRows } from "../db";
import type { LimitedUserRecord, UserListQuery, UserRecord } from "../validation/users";
import { findUserRow, presentUser, type UserRow } from "./records";

export type UserPage = { items: (UserRecord | LimitedUserRecord)[]; page: number; pageSize: number; total: number };

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Which users a listing holds (on alias `u`). */
function listing(actor: Access, query: UserListQuery, team: boolean): Prisma.Sql {
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
  if (team) conditions.push(Prisma.sql`u."ancestors" @> ARRAY[${actor.id}]::text[]`);
  return Prisma.join(conditions, " AND ");
}

/** `total` is a bigint, as pg reads it: a string. */
type ListedRow = UserRow & { rank: number; isReport: boolean; total: string };

const COLUMNS = Prisma.sql`u."id", u."username", u."usernameKey", u."email", u."firstName", u."lastName",
  u."isActive", u."managerId", u."createdAt", u."photoHash"`;

/**
 * One page of users: the caller first, then by username. `q` matches username and names, and
 * email only for Admins (others cannot see emails, so they cannot search by them either).
 * `team` keeps only the caller's reports, direct or transitive (the console's manager view).
 *
 * One statement answers it all: the caller's row (if it matches), the others in username order
 * straight from its unique index, each one's roles, whether each is the caller's report (their
 * chain of managers holds the caller: the ancestor index, decision 095) and the total. The
 * others are read from one row before the page with one row to spare, LIMIT and OFFSET being
 * constants (which keeps the planner's guesses small and the plan index-driven); the caller's
 * place at the head of the list is settled here.
 */
export async function listUsers(
  actor: Access,
  query: UserListQuery,
  options: { team?: boolean } = {},
): Promise<UserPage> {
  authorize(actor, { action: "users:list" });
  const { page, pageSize } = query;
  const offset = (page - 1) * pageSize;
  const where = listing(actor, query, options.team ?? false);
  // Admins see everyone in full: nobody needs to be their report.
  const isReport = actor.isAdmin ? Prisma.sql`FALSE` : Prisma.sql`${actor.id} = ANY(u."ancestors")`;
  const rows = await readRows<ListedRow>(Prisma.sql`
    WITH page AS (
      (SELECT ${COLUMNS}, 0 AS "rank", FALSE AS "isReport" FROM "User" u WHERE u."id" = ${actor.id} AND ${where})
      UNION ALL
      (SELECT ${COLUMNS}, 1 AS "rank", ${isReport} AS "isReport" FROM "User" u
       WHERE u."id" <> ${actor.id} AND ${where}
       ORDER BY u."usernameKey"
       LIMIT ${pageSize + 1}::int OFFSET ${Math.max(0, offset - 1)}::int)
    )
    SELECT p.*,
      (SELECT COALESCE(json_agg(json_build_object('id', r."id", 'name', r."name", 'level', r."level")
                                ORDER BY r."level", r."name"), '[]')
         FROM "UserRole" ur JOIN "Role" r ON r."id" = ur."roleId" WHERE ur."userId" = p."id") AS roles,
      (SELECT count(*) FROM "User" u WHERE ${where}) AS total
    FROM page p
    ORDER BY p."rank", p."usernameKey"`);
  const caller = rows.find((row) => row.rank === 0);
  const others = rows.filter((row) => row.rank === 1);
  // Where the others read start in the list: one before the page, or the page itself at offset 0.
  const firstRead = Math.max(0, offset - 1) + (caller ? 1 : 0);
  const onPage = [...(caller && offset === 0 ? [caller] : []), ...others.slice(Math.max(0, offset - firstRead))].slice(
    0,
    pageSize,
  );
  const total = rows[0] ? Number(rows[0].total) : await countUsers(where);
  const items = onPage.map((row) =>
    presentUser(row, actor, row.id === actor.id ? "self" : row.isReport ? "report" : "other"),
  );
  return { items, page, pageSize, total };
}

async function countUsers(where: Prisma.Sql): Promise<number> {
  const [counted] = await readRows<{ total: string }>(
    Prisma.sql`SELECT count(*) AS total FROM "User" u WHERE ${where}`,
  );
  return Number(counted?.total ?? 0);
}

/** One user, cut to what the actor may see; 404 for an unknown id. */
export async function getUser(actor: Access, id: string): Promise<UserRecord | LimitedUserRecord> {
  authorize(actor, { action: "users:read", relation: "other" });
  const row = await findUserRow(id);
  const relation = actor.isAdmin ? "other" : ((await relationsTo(actor.id, [id])).get(id) ?? "other");
  return presentUser(row, actor, relation);
}
