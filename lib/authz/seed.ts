import type { Db } from "../db";
import { BUILT_IN_ROLES } from "./builtin-roles";

/** Creates or updates the built-in roles; safe to run any number of times. */
export async function seedBuiltInRoles(db: Db) {
  for (const role of BUILT_IN_ROLES) {
    const data = {
      level: role.level,
      permissions: [...role.permissions],
      description: role.description,
      builtIn: true,
    };
    await db.role.upsert({ where: { name: role.name }, create: { name: role.name, ...data }, update: data });
  }
}
