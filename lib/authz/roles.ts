import { recordAudit, type AuditMeta } from "../audit";
import { db, isUniqueViolation, type Prisma } from "../db";
import { AppError } from "../errors";
import type { CreateRoleInput, RoleRecord, UpdateRoleInput } from "../validation/users";
import { authorize, authorizePermission, type Access } from "./access";
import { invalidateRoleCache } from "./role-cache";

const ROLE_SELECT = {
  id: true,
  name: true,
  level: true,
  permissions: true,
  description: true,
  builtIn: true,
  _count: { select: { users: true } },
} satisfies Prisma.RoleSelect;

type RoleRow = Prisma.RoleGetPayload<{ select: typeof ROLE_SELECT }>;

const present = ({ _count, permissions, ...role }: RoleRow): RoleRecord => ({
  ...role,
  permissions: [...permissions].sort(),
  userCount: _count.users,
});

const roleNotFound = () => new AppError("not_found", "No such role.");
const nameTaken = () =>
  new AppError("conflict", "A role with that name exists.", { name: ["A role with that name exists."] });

async function findRole(id: string): Promise<RoleRow> {
  const role = await db.role.findUnique({ where: { id }, select: ROLE_SELECT });
  if (!role) throw roleNotFound();
  return role;
}

/** Every role, from most to least authority. */
export async function listRoles(actor: Access): Promise<RoleRecord[]> {
  authorize(actor, { action: "roles:read" });
  const roles = await db.role.findMany({ select: ROLE_SELECT, orderBy: [{ level: "asc" }, { name: "asc" }] });
  return roles.map(present);
}

/** One role (for the console's edit page). */
export async function getRole(actor: Access, id: string): Promise<RoleRecord> {
  authorize(actor, { action: "roles:read" });
  return present(await findRole(id));
}

/**
 * Each change to a role is written with its audit event in one transaction; the role cache is
 * invalidated after it commits, so the next request on every instance sees it.
 */
async function changeRoles<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  try {
    return await db.$transaction(work);
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw nameTaken();
    throw error;
  } finally {
    await invalidateRoleCache();
  }
}

export async function createRole(actor: Access, input: CreateRoleInput, meta: AuditMeta): Promise<RoleRecord> {
  authorize(actor, { action: "roles:create", level: input.level, permissions: input.permissions });
  const role = await changeRoles(async (tx) => {
    const created = await tx.role.create({
      data: {
        name: input.name,
        level: input.level,
        permissions: input.permissions,
        description: input.description ?? "",
      },
      select: ROLE_SELECT,
    });
    await recordAudit(
      "role.created",
      {
        actorId: actor.id,
        meta,
        data: { roleId: created.id, name: created.name, level: created.level, permissions: input.permissions },
      },
      tx,
    );
    return created;
  });
  return present(role);
}

/**
 * The permissions an edit adds: only those must be the editor's own. Keeping or taking away one
 * the editor lacks gives nobody anything new.
 */
function addedPermissions(current: readonly string[], next: readonly string[] | undefined): string[] {
  if (next === undefined) return [];
  return next.filter((permission) => !current.includes(permission));
}

export async function updateRole(
  actor: Access,
  id: string,
  input: UpdateRoleInput,
  meta: AuditMeta,
): Promise<RoleRecord> {
  authorizePermission(actor, "roles:update");
  const role = await findRole(id);
  authorize(actor, {
    action: "roles:update",
    role,
    ...(input.level !== undefined && { level: input.level }),
    renames: input.name !== undefined && input.name !== role.name,
    permissions: addedPermissions(role.permissions, input.permissions),
  });
  const updated = await changeRoles(async (tx) => {
    // Lock the row and decide again on what it holds now: a concurrent edit cannot slip past the level rule.
    const [locked] = await tx.$queryRaw<{ level: number; builtIn: boolean; name: string; permissions: string[] }[]>`
      SELECT "level", "builtIn", "name", "permissions" FROM "Role" WHERE "id" = ${id} FOR UPDATE`;
    if (!locked) throw roleNotFound();
    authorize(actor, {
      action: "roles:update",
      role: locked,
      ...(input.level !== undefined && { level: input.level }),
      renames: input.name !== undefined && input.name !== locked.name,
      permissions: addedPermissions(locked.permissions, input.permissions),
    });
    const next = await tx.role.update({
      where: { id },
      data: {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.level !== undefined && { level: input.level }),
        ...(input.permissions !== undefined && { permissions: input.permissions }),
        ...(input.description !== undefined && { description: input.description }),
      },
      select: ROLE_SELECT,
    });
    await recordAudit(
      "role.updated",
      {
        actorId: actor.id,
        meta,
        data: {
          roleId: id,
          name: next.name,
          before: { name: role.name, level: role.level, permissions: role.permissions },
          after: { name: next.name, level: next.level, permissions: next.permissions },
        },
      },
      tx,
    );
    return next;
  });
  return present(updated);
}

export async function deleteRole(actor: Access, id: string, meta: AuditMeta): Promise<void> {
  authorizePermission(actor, "roles:delete");
  const role = await findRole(id);
  authorize(actor, { action: "roles:delete", role, userCount: role._count.users });
  await changeRoles(async (tx) => {
    const [locked] = await tx.$queryRaw<{ level: number; builtIn: boolean }[]>`
      SELECT "level", "builtIn" FROM "Role" WHERE "id" = ${id} FOR UPDATE`;
    if (!locked) throw roleNotFound();
    // A user given the role meanwhile must not lose it silently: the FK cascade would drop it.
    const holders = await tx.userRole.count({ where: { roleId: id } });
    authorize(actor, { action: "roles:delete", role: locked, userCount: holders });
    await tx.role.delete({ where: { id } });
    await recordAudit(
      "role.deleted",
      { actorId: actor.id, meta, data: { roleId: id, name: role.name, level: role.level } },
      tx,
    );
  });
}
