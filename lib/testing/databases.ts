import { fileURLToPath } from "node:url";
import pg from "pg";

/** The server that test databases live on (the database part of the URL is replaced). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `statements` on the maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function onServer(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return `"${name}"`;
}

export async function createDatabase(name: string, template?: string): Promise<string> {
  await onServer(`CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ""}`);
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await onServer(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

/** Drops `name` if it exists, creates it and applies every migration; returns its URL. */
export async function freshMigratedDatabase(name: string): Promise<string> {
  await dropDatabase(name);
  const url = databaseUrl(name);
  // Loaded on demand: every test file imports this module, few of them migrate.
  const { applyMigrations } = await import("../../prisma/tooling/migrations");
  await applyMigrations({ databaseUrl: url, migrationsDir: migrationsDir() });
  return url;
}

// Resolved when used (by the global setup, in Node): component tests that run in a DOM environment
// (happy-dom) import this module too, and there import.meta.url is not a file URL.
function migrationsDir(): string {
  return fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
}
