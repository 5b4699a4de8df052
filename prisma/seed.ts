// `npm run db:seed`: the built-in roles and the optional bootstrap Admin (ADMIN_EMAIL/ADMIN_PASSWORD).
// `npm run db:seed -- --demo` also creates the demo organisation of prisma/demo.ts (README, "Try it").
import { seedAdmin } from "../lib/accounts/seed-admin";
import { seedBuiltInRoles } from "../lib/authz/seed";
import { config } from "../lib/config";
import { db } from "../lib/db";
import { DEMO_PASSWORD, seedDemo } from "./demo";

const demo = process.argv.slice(2).includes("--demo");

try {
  if (demo && config.isProduction) {
    // Accounts with a published password have no place on a real deployment.
    console.error("--demo is for development and is refused when NODE_ENV=production. Nothing was seeded.");
    process.exitCode = 1;
  } else {
    await seedBuiltInRoles(db);
    console.log("Built-in roles are in place (Admin, Manager, Employee).");
    const admin = await seedAdmin(db, config);
    if (admin === "created") console.log(`Created the Admin user ${config.admin?.email}.`);
    if (admin === "exists") console.log(`The Admin user ${config.admin?.email} already exists.`);
    if (demo) {
      const { created, existing, roleCreated } = await seedDemo(db);
      if (roleCreated) console.log("Created the demo role Auditor.");
      if (created.length > 0) console.log(`Created the demo users ${created.join(", ")}.`);
      if (existing.length > 0) console.log(`The demo users ${existing.join(", ")} already exist.`);
      console.log(`Every demo user signs in with the password ${DEMO_PASSWORD} (README, "Try it").`);
    }
  }
} finally {
  await db.$disconnect();
}
