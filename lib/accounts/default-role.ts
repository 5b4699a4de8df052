import { DEFAULT_ROLE } from "../authz/builtin-roles";
import { seedBuiltInRoles } from "../authz/seed";
import { db } from "../db";

let cached: string | undefined;

/** The id of the role new users get; seeds the built-in roles if a deployment skipped `db:seed`. */
export async function defaultRoleId(): Promise<string> {
  // Stryker disable next-line ConditionalExpression: the per-process cache only saves a query; the answer is the same
  if (cached) return cached;
  let role = await db.role.findUnique({ where: { name: DEFAULT_ROLE }, select: { id: true } });
  if (!role) {
    await seedBuiltInRoles(db);
    role = await db.role.findUniqueOrThrow({ where: { name: DEFAULT_ROLE }, select: { id: true } });
  }
  cached = role.id;
  return cached;
}
