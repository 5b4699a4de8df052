// npm run db:migrate — applies pending migrations from prisma/migrations (offline; see
// docs/decisions/002-offline-migrations.md).
import { fileURLToPath } from "node:url";
import { config } from "../lib/config/index.ts";
import { applyMigrations } from "./tooling/migrations.ts";

const migrationsDir = fileURLToPath(new URL("./migrations", import.meta.url));

try {
  await applyMigrations({ databaseUrl: config.databaseUrl, migrationsDir, log: (line) => console.log(line) });
  await sealAuditTrail();
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

/** Chains the audit events written before the hash chain existed (lib/audit/seal.ts). */
async function sealAuditTrail() {
  // Loaded once the migrations are in: sealing calls the chain functions they create.
  const [{ sealAuditBacklog }, { db }] = await Promise.all([
    import("../lib/audit/seal.ts"),
    import("../lib/db/index.ts"),
  ]);
  try {
    const { sealed, stranded } = await sealAuditBacklog(db);
    if (sealed > 0) console.log(`Audit trail: chained ${sealed} events`);
    if (stranded > 0) {
      console.warn(
        `Audit trail: ${stranded} events without a hash sit inside the chain; npm run audit:verify names them`,
      );
    }
  } finally {
    await db.$disconnect();
  }
}
