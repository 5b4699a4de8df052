import { disableUserIn, enableUserIn } from "../accounts/disable";
import { notifySecurityEvent } from "../accounts/notices";
import { recordAudit } from "../audit";
import type { RequestMeta } from "../auth/session/meta";
import {
  ADMIN_ROLE,
  authorize,
  authorizePermission,
  lockManagementChain,
  relationTo,
  wouldCreateCycle,
  type Access,
  type PolicyRequest,
} from "../authz";
import { db, isUniqueViolation, type Prisma } from "../db";
import type { LimitedUserRecord, UpdateUserInput, UserRecord } from "../validation/users";
import { anotherActiveAdminRemains, isActiveAdmin } from "./admins";
import { emailTaken, managerRelation, requireRoles } from "./create";
import { findUserRow, levelOf, presentUser, type UserRow } from "./records";

type RoleFacts = { id: string; name: string; level: number };
type RoleChange = { added: (RoleFacts & { permissions: string[] })[]; removed: RoleFacts[] };

async function roleChange(row: UserRow, roleIds: readonly string[] | undefined): Promise<RoleChange | undefined> {
  if (roleIds === undefined) return undefined;
  const wanted = await requireRoles(roleIds);
  const current = row.roles;
  const has = new Set(current.map((role) => role.id));
  const keeps = new Set(wanted.map((role) => role.id));
  return { added: wanted.filter((role) => !has.has(role.id)), removed: current.filter((role) => !keeps.has(role.id)) };
}

/** Whether the change takes the target out of the active Admins. */
function endsAdminship(row: UserRow, input: UpdateUserInput, roles: RoleChange | undefined): boolean {
  if (!isActiveAdmin(row)) return false;
  return input.isActive === false || (roles?.removed.some((role) => role.name === ADMIN_ROLE) ?? false);
}

/**
 * Changes a user: names, email, the active flag (disabling revokes every session and token at
 * once), roles (the set is replaced; each role added or removed strictly below the actor's level;
 * nobody changes their own) and manager (no loops; for non-Admins, themselves or someone below
 * them). The target must be below the actor in the management chain, unless the actor is an Admin.
 */
export async function updateUser(
  actor: Access,
  id: string,
  input: UpdateUserInput,
  meta: RequestMeta,
): Promise<UserRecord | LimitedUserRecord> {
  authorizePermission(actor, "users:update");
  const row = await findUserRow(id);
  const relation = await relationTo(actor.id, id);
  const roles = await roleChange(row, input.roleIds);
  const managerChanges = input.managerId !== undefined && input.managerId !== row.managerId;
  const request: PolicyRequest = {
    action: "users:update",
    relation,
    targetLevel: levelOf(row),
    profile: input.firstName !== undefined || input.lastName !== undefined || input.email !== undefined,
    ...(input.isActive !== undefined && { isActive: input.isActive }),
    ...(roles && {
      roles: {
        added: roles.added.map((r) => r.level),
        removed: roles.removed.map((r) => r.level),
        grants: roles.added.flatMap((r) => r.permissions),
      },
    }),
    ...(managerChanges && {
      manager: await managerRelation(actor, input.managerId ?? null),
      createsCycle: input.managerId ? await wouldCreateCycle(id, input.managerId) : false,
    }),
  };
  authorize(actor, request);
  try {
    await db.$transaction(async (tx) => {
      if (endsAdminship(row, input, roles) && !(await anotherActiveAdminRemains(tx, id))) {
        authorize(actor, { ...request, leavesNoAdmin: true });
      }
      // Moves take turns, before any row is locked (the database rewrites the moved subtree's
      // chains under the same lock: decision 095), and check for a loop again once it is theirs:
      // two concurrent moves cannot close a loop between them.
      if (managerChanges) {
        await lockManagementChain(tx);
        if (input.managerId && (await wouldCreateCycle(id, input.managerId, tx))) {
          authorize(actor, { ...request, createsCycle: true });
        }
      }
      await applyChanges(tx, actor, row, input, roles, meta);
    });
  } catch (error) {
    if (isUniqueViolation(error, "email")) throw emailTaken();
    throw error;
  }
  return presentUser(await findUserRow(id), actor, relation);
}

async function applyChanges(
  tx: Prisma.TransactionClient,
  actor: Access,
  row: UserRow,
  input: UpdateUserInput,
  roles: RoleChange | undefined,
  meta: RequestMeta,
): Promise<void> {
  const fields: Prisma.UserUpdateInput = {};
  const changed: Record<string, unknown> = {};
  for (const key of ["firstName", "lastName", "email"] as const) {
    const value = input[key];
    if (value !== undefined && value !== row[key]) {
      fields[key] = value;
      changed[key] = key === "email" ? { from: row.email, to: value } : value;
    }
  }
  if (input.managerId !== undefined && input.managerId !== row.managerId) {
    fields.manager = input.managerId === null ? { disconnect: true } : { connect: { id: input.managerId } };
    changed.managerId = { from: row.managerId, to: input.managerId };
  }
  if (Object.keys(fields).length > 0) {
    await tx.user.update({ where: { id: row.id }, data: fields });
    // The old address hears of it: an email changed behind the owner's back is how accounts are taken over.
    if (fields.email !== undefined) await notifySecurityEvent(tx, row, "email-changed", meta);
    await recordAudit(
      "user.updated",
      { userId: row.id, actorId: actor.id, meta, data: changed as Prisma.InputJsonValue },
      tx,
    );
  }
  if (roles && (roles.added.length > 0 || roles.removed.length > 0)) {
    await tx.userRole.deleteMany({ where: { userId: row.id, roleId: { in: roles.removed.map((role) => role.id) } } });
    await tx.userRole.createMany({ data: roles.added.map((role) => ({ userId: row.id, roleId: role.id })) });
    await recordAudit(
      "user.roles_changed",
      {
        userId: row.id,
        actorId: actor.id,
        meta,
        data: { added: roles.added.map((role) => role.name), removed: roles.removed.map((role) => role.name) },
      },
      tx,
    );
  }
  const who = { id: actor.id, meta };
  if (input.isActive === false) await disableUserIn(tx, row.id, who);
  if (input.isActive === true) await enableUserIn(tx, row.id, who);
}
