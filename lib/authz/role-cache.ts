import { db } from "../db";
import { logger } from "../log";
import { redis } from "../redis";

export type CachedRole = { id: string; name: string; level: number; permissions: string[] };

// One Redis hash, role id → role JSON. Invalidation deletes it; the next read (or the scheduled
// refresh) rebuilds it from PostgreSQL, so a permission change applies on the next request.
const KEY = "authz:roles";

async function loadAllRoles(): Promise<CachedRole[]> {
  return db.role.findMany({ select: { id: true, name: true, level: true, permissions: true } });
}

async function rebuild(): Promise<CachedRole[]> {
  const roles = await loadAllRoles();
  const entries = roles.flatMap((role) => [role.id, JSON.stringify(role)]);
  const tx = redis.multi().del(KEY);
  if (entries.length > 0) tx.hset(KEY, ...entries);
  await tx.exec();
  return roles;
}

/** Rebuilds the cache from the database; returns how many roles it holds. */
export async function refreshRoleCache(): Promise<{ roles: number }> {
  return { roles: (await rebuild()).length };
}

/** Call after any change to a role (permissions, level, name, deletion). */
export async function invalidateRoleCache(): Promise<void> {
  await redis.del(KEY).catch((error: Error) => logger.warn({ err: error.message }, "role cache invalidation failed"));
}

/**
 * The roles with these ids, from Redis; a miss rebuilds the cache, and an unreachable Redis falls
 * back to PostgreSQL so authorization keeps working.
 */
export async function getRoles(roleIds: readonly string[]): Promise<CachedRole[]> {
  if (roleIds.length === 0) return [];
  try {
    const cached = await redis.hmget(KEY, ...roleIds);
    if (cached.every((value) => value !== null))
      return cached.map((value) => JSON.parse(value as string) as CachedRole);
    // A miss rebuilds the cache from one read of every role, and answers from that same read.
    const wanted = new Set(roleIds);
    return (await rebuild()).filter((role) => wanted.has(role.id));
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "role cache unavailable: reading roles from the database");
  }
  return db.role.findMany({
    where: { id: { in: [...roleIds] } },
    select: { id: true, name: true, level: true, permissions: true },
  });
}

/** A user's effective permissions (union over roles) and level (lowest among roles; 1000 with no role). */
export function effectiveAccess(roles: readonly CachedRole[]): { permissions: string[]; level: number } {
  const permissions = [...new Set(roles.flatMap((role) => role.permissions))].sort();
  const level = roles.reduce((lowest, role) => Math.min(lowest, role.level), 1000);
  return { permissions, level };
}
