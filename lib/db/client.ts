import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import cluster from "node:cluster";
import pg from "pg";
import { config } from "../config";
import { logger } from "../log";
import { PrismaClient } from "./generated/client";

// JIT compilation off for our connections: every query here is a short lookup, and a recursive
// chain walk whose size the planner overestimates crossed jit_above_cost and spent 470 ms
// compiling a 3 ms query (decision 060). Generic plans for prepared statements: left to choose,
// PostgreSQL kept re-planning the users list for every call (its custom plans look cheaper
// because they see the LIMIT), which cost a quarter of the query; the generic plan runs as fast.
// Every statement here is an OLTP lookup by key or index, where generic plans are the right ones.
const CONNECTION_OPTIONS = "-c jit=off -c plan_cache_mode=force_generic_plan";

/**
 * Prepared statements: each SQL text gets a name, so each connection parses and plans it once
 * and PostgreSQL keeps its (generic) plan (planning the users list's walk cost more than running it).
 * Bounded: SQL texts past the first MAX_NAMED_STATEMENTS (lists of varying length make new
 * ones) run unnamed, as before, so no connection holds an unbounded set of statements.
 */
const MAX_NAMED_STATEMENTS = 1_000;
const statementNames = new Map<string, string>();

export function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `q_${createHash("sha256").update(sql).digest("base64url").slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

let pool: pg.Pool | undefined;
export const CONNECTION_TIMEOUT_MS = 10_000;
const CONNECTIONS = 10;

/**
 * Connections of this process's pool: 10, or its share of them in one of `npm start`'s web
 * processes (at least 2), so that one web process per core on a large machine stays far below
 * PostgreSQL's default max_connections (100) instead of opening 10 per core.
 */
export function poolSize(webProcesses: number, clustered: boolean): number {
  return clustered ? Math.max(2, Math.ceil(CONNECTIONS / webProcesses)) : CONNECTIONS;
}

/**
 * The connection pool Prisma and lib/db/rows.ts share (one set of connections per process). A
 * pool ended by `db.$disconnect()` is replaced on next use, as Prisma replaces its own.
 */
export function sharedPool(): pg.Pool {
  if (!pool || pool.ending || pool.ended) {
    pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: poolSize(config.webConcurrency, cluster.isWorker),
      options: CONNECTION_OPTIONS,
      // A request waits this long for a connection (all busy, or the server not answering), then
      // fails as "database unavailable" (503), instead of waiting for ever.
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    });
    // An idle connection the server closes (restart, pg_terminate_backend) is dropped from the
    // pool and replaced on demand; unheard, the error would end the process.
    pool.on("error", (error) => logger.warn({ err: error.message }, "idle database connection lost"));
  }
  return pool;
}

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg(sharedPool(), {
      // The adapter's type says string; undefined runs the statement unnamed (pg's default).
      statementNameGenerator: (query) => statementName(query.sql) as string,
      disposeExternalPool: true,
    }),
  });
}

export type Db = ReturnType<typeof createClient>;

// Reuse one client across hot reloads in development.
const globalForDb = globalThis as unknown as { authcoreDb?: Db };

export const db: Db = globalForDb.authcoreDb ?? createClient();
if (!config.isProduction) globalForDb.authcoreDb = db;
