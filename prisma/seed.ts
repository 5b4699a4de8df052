import { seedAdmin } from "../lib/accounts/seed-admin";
import { seedBuiltInRoles } from "../lib/authz/seed";
import { config } from "../lib/config";
import { db } from "../lib/db";

try {
  await seedBuiltInRoles(db);
  console.log("Built-in roles are in place (Admin, Manager, Employee).");
  const admin = await seedAdmin(db, config);
  if (admin === "created") console.log(`Created the Admin user ${config.admin?.email}.`);
  if (admin === "exists") console.log(`The Admin user ${config.admin?.email} already exists.`);
} finally {
  await db.$disconnect();
}
