import { hashSync } from "../auth/password/hash";
import { ADMIN_ROLE } from "../authz/builtin-roles";
import type { Config } from "../config";
import type { Db } from "../db";
import { createUserWithDerivedUsername } from "./create-user";

/** Creates the bootstrap Admin from ADMIN_EMAIL/ADMIN_PASSWORD when it does not exist yet. */
export async function seedAdmin(db: Db, config: Config): Promise<"created" | "exists" | "skipped"> {
  if (!config.admin) return "skipped";
  const email = config.admin.email.toLowerCase();
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return "exists";
  const admin = await db.role.findUniqueOrThrow({ where: { name: ADMIN_ROLE } });
  await createUserWithDerivedUsername({
    email,
    firstName: "Admin",
    passwordHash: hashSync(config.admin.password, config.auth.passwordPepper, config.auth.bcryptCost),
    state: "active",
    roleIds: [admin.id],
    source: "seed",
  });
  return "created";
}
