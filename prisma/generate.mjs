// Runs `prisma generate` without network access. The Prisma CLI insists on locating a native
// schema engine before generating, although `generate` never executes it; pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies that check
// (see docs/decisions/002-offline-migrations.md).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const placeholder = fileURLToPath(new URL("../package.json", import.meta.url));
const result = spawnSync("prisma", ["generate"], {
  stdio: "inherit",
  shell: process.platform === "win32",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
process.exit(result.status ?? 1);
