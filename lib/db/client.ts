import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { PrismaClient } from "./generated/client";

// JIT compilation off for our connections: every query here is a short lookup, and a recursive
// chain walk whose size the planner overestimates crossed jit_above_cost and spent 470 ms
// compiling a 3 ms query (decision 060).
const CONNECTION_OPTIONS = "-c jit=off";

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: config.databaseUrl, max: 10, options: CONNECTION_OPTIONS }),
  });
}

export type Db = ReturnType<typeof createClient>;

// Reuse one client across hot reloads in development.
const globalForDb = globalThis as unknown as { authcoreDb?: Db };

export const db: Db = globalForDb.authcoreDb ?? createClient();
if (!config.isProduction) globalForDb.authcoreDb = db;
