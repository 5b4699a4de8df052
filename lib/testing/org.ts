import { invalidateRoleCache } from "../authz/role-cache";
import { seedBuiltInRoles } from "../authz/seed";
import { createSession } from "../auth/session/registry";
import { db } from "../db";
import { insertUser, TEST_META, uniqueName } from "./fixtures";

/** The id of a role by name (built-in roles are seeded first). */
export async function roleId(name: string): Promise<string> {
  await seedBuiltInRoles(db);
  return (await db.role.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;
}

/** A custom role with a unique name. */
export async function insertRole(level: number, permissions: string[]) {
  const role = await db.role.create({ data: { name: uniqueName("Role"), level, permissions } });
  await invalidateRoleCache();
  return role;
}

/**
 * A member of an organisation: an active user holding `roles` (names or ids; default Employee),
 * reporting to `managerId`, signed in (the session cookie's value in `cookie`).
 */
export async function insertMember(options: { roles?: string[]; managerId?: string | null; username?: string } = {}) {
  const user = await insertUser({ username: options.username });
  const names = options.roles ?? ["Employee"];
  const ids = await Promise.all(
    names.map(async (name) => (await db.role.findUnique({ where: { id: name } }))?.id ?? roleId(name)),
  );
  await db.user.update({
    where: { id: user.id },
    data: {
      managerId: options.managerId ?? null,
      roles: { deleteMany: {}, create: ids.map((id) => ({ roleId: id })) },
    },
  });
  const { cookie } = await createSession(user.id, TEST_META);
  return { ...user, managerId: options.managerId ?? null, cookie: cookie.value };
}
