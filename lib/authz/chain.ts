import { db, type Prisma } from "../db";
import type { Relation } from "./policy";

type Queryable = Pick<Prisma.TransactionClient, "$queryRaw">;

/** Walks never go further than this: deeper than any organisation, and a bound should a loop ever exist. */
const MAX_DEPTH = 1000;

/**
 * How each target relates to the actor in the management chain, in one query whatever the depth:
 * a recursive walk up from every target through its managers, looking for the actor. Each step
 * is a primary-key lookup (LATERAL): with a plain join the planner, guessing the walk's size,
 * hashes the whole user table at every step.
 */
export async function relationsTo(
  actorId: string,
  targetIds: readonly string[],
  tx: Queryable = db,
): Promise<Map<string, Relation>> {
  const relations = new Map<string, Relation>(targetIds.map((id) => [id, id === actorId ? "self" : "other"]));
  const others = targetIds.filter((id) => id !== actorId);
  if (others.length === 0) return relations;
  const rows = await tx.$queryRaw<{ start: string }[]>`
    WITH RECURSIVE up ("start", "managerId", depth) AS (
      SELECT u."id", u."managerId", 1 FROM "User" u WHERE u."id" = ANY(${others}::text[])
      UNION ALL
      SELECT up."start", m."managerId", up.depth + 1
      FROM up CROSS JOIN LATERAL (SELECT "managerId" FROM "User" WHERE "id" = up."managerId") m
      WHERE up."managerId" <> ${actorId} AND up.depth < ${MAX_DEPTH}
    )
    SELECT DISTINCT "start" FROM up WHERE "managerId" = ${actorId}`;
  for (const row of rows) relations.set(row.start, "report");
  return relations;
}

/** How one user relates to the actor (see relationsTo). */
export async function relationTo(actorId: string, targetId: string, tx: Queryable = db): Promise<Relation> {
  return (await relationsTo(actorId, [targetId], tx)).get(targetId) ?? "other";
}

/** Whether making `managerId` the manager of `userId` would close a loop (they are `userId` or below it). */
export async function wouldCreateCycle(userId: string, managerId: string, tx: Queryable = db): Promise<boolean> {
  if (userId === managerId) return true;
  return (await relationTo(userId, managerId, tx)) === "report";
}
