import { Prisma, readRows } from "../db";
import { AppError } from "../errors";
import type { MfaSettings } from "../auth/mfa/policy";
import { ADMIN_ROLE } from "./builtin-roles";
import { assertSecondFactorPolicy } from "./mfa-policy";
import type { Permission } from "./permissions";
import { decide, requiredPermission, type Actor, type PolicyRequest } from "./policy";
import { effectiveAccess, getRoles, type CachedRole } from "./role-cache";

export type Access = Actor & {
  roles: CachedRole[];
  managerId: string | null;
  /** The instance's second-factor settings, read with the access (null: never saved, the default applies). */
  mfaSettings: MfaSettings | null;
};

type AccessRow = { managerId: string | null; roleIds: string[]; mfaSettings: MfaSettings | null };

/**
 * The caller's effective access, read fresh on every request: the user row and its role ids in
 * one query, the roles themselves from the Redis role cache. Nothing is kept in the process, so a
 * change of roles, permissions, `isActive` or manager applies on the next request on every
 * instance. 401 when the account no longer exists or is disabled.
 */
export async function loadAccess(userId: string, tx?: Pick<Prisma.TransactionClient, "$queryRaw">): Promise<Access> {
  const rows = await readRows<AccessRow>(
    Prisma.sql`
    SELECT u."managerId",
           COALESCE(array_agg(ur."roleId") FILTER (WHERE ur."roleId" IS NOT NULL), '{}') AS "roleIds",
           (SELECT json_build_object('mfaRequiredLevel', s."mfaRequiredLevel")
              FROM "SecuritySettings" s WHERE s."id" = 1) AS "mfaSettings"
    FROM "User" u LEFT JOIN "UserRole" ur ON ur."userId" = u."id"
    WHERE u."id" = ${userId} AND u."isActive"
    GROUP BY u."id"`,
    tx,
  );
  const row = rows[0];
  if (!row) throw new AppError("unauthorized", "This account is no longer active. Sign in again.");
  const roles = await getRoles(row.roleIds);
  const { permissions, level } = effectiveAccess(roles);
  return {
    id: userId,
    managerId: row.managerId,
    mfaSettings: row.mfaSettings,
    roles,
    level,
    permissions: new Set(permissions),
    isAdmin: roles.some((role) => role.name === ADMIN_ROLE),
  };
}

/** Throws the denial as an error (403, or the rule's own code such as 409 last_admin). */
export function authorize(actor: Actor, request: PolicyRequest): void {
  const decision = decide(actor, request);
  if (!decision.allowed) throw new AppError(decision.code, decision.reason);
}

/**
 * The permission an action needs, checked before anything is looked up: a caller without it gets
 * 403 whatever the target, and learns nothing about which ids exist.
 */
export function authorizePermission(actor: Actor, action: PolicyRequest["action"]): void {
  const permission = requiredPermission(action);
  if (!actor.permissions.has(permission)) throw new AppError("forbidden", `Missing permission ${permission}.`);
}

/**
 * The caller's access when they hold `permission`; 403 naming the permission otherwise, and 403
 * `mfa_enrollment_required` while the second-factor policy covers them and they have no factor.
 */
export async function requirePermission(userId: string, permission: Permission): Promise<Access> {
  const access = await loadAccess(userId);
  if (!access.permissions.has(permission)) throw new AppError("forbidden", `Missing permission ${permission}.`);
  await assertSecondFactorPolicy(access);
  return access;
}
