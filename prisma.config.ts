import { defineConfig } from "prisma/config";

// Only used by the Prisma CLI (`prisma generate`). Migrations run through our own offline
// runner (prisma/migrate.ts), which reads DATABASE_URL through lib/config.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
