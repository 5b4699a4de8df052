import { refreshRoleCache } from "../authz/role-cache";
import type { JobResult } from "./types";

/** Rebuilds the role-permission cache in Redis from PostgreSQL (repairs any missed invalidation). */
export async function refreshRoleCacheJob(): Promise<JobResult> {
  const { roles } = await refreshRoleCache();
  return { rolesCached: roles };
}
