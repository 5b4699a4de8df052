import { authorize, type Access } from "../authz";
import { db } from "../db";

/**
 * The usernames of the people an audit page names (who acted, whom it was about), for holders of
 * audit:read. Ids of deleted users are absent from the map: the trail keeps the id, not the name.
 */
export async function auditUsernames(actor: Access, ids: readonly string[]): Promise<Map<string, string>> {
  authorize(actor, { action: "audit:read" });
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, username: true } });
  return new Map(rows.map((row) => [row.id, row.username]));
}
