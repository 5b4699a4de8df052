import { Prisma, readRows } from "../db";
import type { Relation } from "./policy";

type Queryable = Pick<Prisma.TransactionClient, "$queryRaw">;

/** Walks never go further than this: deeper than any organisation, and a bound should a loop ever exist. */
const MAX_DEPTH = 1000;

/**
 * The recursive walk up the management chain, as a CTE named `up` ("start", "managerId", depth):
 * from every row of `from` (a query yielding "id" and "managerId") through its managers, stopping
 * at the actor. A start has the actor above it when a row `up."managerId" = actorId` exists. Each
 * step is a primary-key lookup: the LIMIT keeps the planner from turning the LATERAL into a hash
 * join of the whole user table, which it does as soon as it guesses the walk to be large.
 */
export function chainWalk(actorId: string, from: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`up ("start", "managerId", depth) AS (
      SELECT s."id", s."managerId", 1 FROM (${from}) s
      UNION ALL
      SELECT up."start", m."managerId", up.depth + 1
      FROM up CROSS JOIN LATERAL (SELECT "managerId" FROM "User" WHERE "id" = up."managerId" LIMIT 1) m
      WHERE up."managerId" <> ${actorId} AND up.depth < ${MAX_DEPTH}
    )`;
}

/**
 * How each target relates to the actor in the management chain, in one query whatever the depth
 * (chainWalk).
 */
export async function relationsTo(
  actorId: string,
  targetIds: readonly string[],
  tx?: Queryable,
): Promise<Map<string, Relation>> {
  const relations = new Map<string, Relation>(targetIds.map((id) => [id, id === actorId ? "self" : "other"]));
  const others = targetIds.filter((id) => id !== actorId);
  if (others.length === 0) return relations;
  const targets = Prisma.sql`SELECT "id", "managerId" FROM "User" WHERE "id" = ANY(${others}::text[])`;
  const rows = await readRows<{ start: string }>(
    Prisma.sql`WITH RECURSIVE ${chainWalk(actorId, targets)}
      SELECT DISTINCT "start" FROM up WHERE "managerId" = ${actorId}`,
    tx,
  );
  for (const row of rows) relations.set(row.start, "report");
  return relations;
}

/** How one user relates to the actor (see relationsTo). */
export async function relationTo(actorId: string, targetId: string, tx?: Queryable): Promise<Relation> {
  return (await relationsTo(actorId, [targetId], tx)).get(targetId) ?? "other";
}

/** Whether making `managerId` the manager of `userId` would close a loop (they are `userId` or below it). */
export async function wouldCreateCycle(userId: string, managerId: string, tx?: Queryable): Promise<boolean> {
  if (userId === managerId) return true;
  return (await relationTo(userId, managerId, tx)) === "report";
}

/**
 * Makes the transaction's chain changes take turns with every other (moves, deletions, the
 * database's own subtree rewrites: decision 095). Take it before locking any user row: a move
 * holding it rewrites rows of the moved subtree, and waits for whoever holds one of them.
 */
export async function lockManagementChain(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('authz:management-chain'))`;
}
