import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { PrismaClient } from "./generated/client";

function createClient() {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: config.databaseUrl, max: 10 }) });
}

export type Db = ReturnType<typeof createClient>;

// Reuse one client across hot reloads in development.
const globalForDb = globalThis as unknown as { authcoreDb?: Db };

export const db: Db = globalForDb.authcoreDb ?? createClient();
if (!config.isProduction) globalForDb.authcoreDb = db;
