// npm run db:migration:new -- <name> — writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes the migration history to schema.prisma (offline; see
// docs/decisions/002-offline-migrations.md).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { config } from "../lib/config/index.ts";
import { createMigration, MIGRATION_NAME } from "./tooling/migrations.ts";

const [name, ...extra] = process.argv.slice(2);
if (!name || extra.length > 0 || !MIGRATION_NAME.test(name)) {
  console.error("Usage: npm run db:migration:new -- <name>   (name: lower-case letters, digits and _)");
  process.exit(2);
}

try {
  const created = await createMigration({
    databaseUrl: config.databaseUrl,
    schemaPath: fileURLToPath(new URL("./schema.prisma", import.meta.url)),
    migrationsDir: fileURLToPath(new URL("./migrations", import.meta.url)),
    name,
  });
  console.log(
    created
      ? `Created ${path.relative(process.cwd(), path.join(created.path, "migration.sql"))}`
      : "No schema changes since the last migration: nothing created",
  );
} catch (error) {
  console.error(`Creating the migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
