import { hashSync } from "../auth/password/hash";
import { ADMIN_ROLE } from "../authz/builtin-roles";
import type { Config } from "../config";
import type { Db } from "../db";
import { usernameBaseFromEmail, usernameWithSuffix } from "./username-from-email";

/** Creates the bootstrap Admin from ADMIN_EMAIL/ADMIN_PASSWORD when it does not exist yet. */
export async function seedAdmin(db: Db, config: Config): Promise<"created" | "exists" | "skipped"> {
  if (!config.admin) return "skipped";
  const email = config.admin.email.toLowerCase();
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return "exists";
  const username = await freeUsername(db, email);
  const admin = await db.role.findUniqueOrThrow({ where: { name: ADMIN_ROLE } });
  await db.user.create({
    data: {
      username,
      usernameKey: username.toLowerCase(),
      email,
      firstName: "Admin",
      passwordHash: hashSync(config.admin.password, config.auth.passwordPepper, config.auth.bcryptCost),
      passwordChangedAt: new Date(),
      isActive: true,
      emailVerified: new Date(),
      roles: { create: { roleId: admin.id } },
    },
  });
  return "created";
}

/** A username derived from the email like a Google sign-up's, with a suffix if it is taken. */
async function freeUsername(db: Db, email: string): Promise<string> {
  const base = usernameBaseFromEmail(email);
  for (let attempt = 0; attempt < 8; attempt++) {
    const candidate = attempt === 0 ? base : usernameWithSuffix(base, attempt);
    if (!(await db.user.findUnique({ where: { usernameKey: candidate.toLowerCase() }, select: { id: true } })))
      return candidate;
  }
  throw new Error(`No free username for ${email}`);
}
