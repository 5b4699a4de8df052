// npm run db:migrate — applies pending migrations from prisma/migrations (offline; see
// docs/decisions/002-offline-migrations.md).
import { fileURLToPath } from "node:url";
import { config } from "../lib/config/index.ts";
import { applyMigrations } from "./tooling/migrations.ts";

const migrationsDir = fileURLToPath(new URL("./migrations", import.meta.url));

try {
  await applyMigrations({ databaseUrl: config.databaseUrl, migrationsDir, log: (line) => console.log(line) });
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
