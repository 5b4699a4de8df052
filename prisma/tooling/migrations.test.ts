import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, databaseUrl, dropDatabase } from "../../lib/testing/databases.ts";
import { applyMigrations, createMigration, diffMigrationsToSchema, LOCKFILE } from "./migrations.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const migrationsDir = path.join(repoRoot, "prisma/migrations");
const schemaPath = path.join(repoRoot, "prisma/schema.prisma");

const databases: string[] = [];
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(databases.map(dropDatabase));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A database name nobody else uses; dropped after the file (it is not created here). */
function throwawayDatabase(label: string): { name: string; url: string } {
  const name = `authcore_mig_${label}_${randomBytes(4).toString("hex")}`;
  databases.push(name);
  return { name, url: databaseUrl(name) };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "authcore-migrations-"));
  tempDirs.push(dir);
  return dir;
}

async function copyOfMigrations(): Promise<string> {
  const copy = path.join(await tempDir(), "migrations");
  await cp(migrationsDir, copy, { recursive: true });
  return copy;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Tables, indexes, sequences and types in the public schema. */
async function publicObjects(url: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    url,
    `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace
     UNION ALL SELECT typname FROM pg_type WHERE typnamespace = 'public'::regnamespace`,
  );
  return rows.map((row) => row.name);
}

async function migrationFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe("offline migrations", () => {
  it("migrations produce exactly the schema in schema.prisma", async () => {
    const db = throwawayDatabase("drift");

    const applied = await applyMigrations({ databaseUrl: db.url, migrationsDir });

    expect(applied).toEqual(await migrationFolders(migrationsDir));
    expect(await diffMigrationsToSchema({ databaseUrl: db.url, schemaPath, migrationsDir })).toBe("");
  });

  it("applying twice is idempotent and records each migration once, finished", async () => {
    const db = throwawayDatabase("twice");
    const folders = await migrationFolders(migrationsDir);
    const lines: string[] = [];

    expect(await applyMigrations({ databaseUrl: db.url, migrationsDir })).toEqual(folders);
    expect(await applyMigrations({ databaseUrl: db.url, migrationsDir, log: (line) => lines.push(line) })).toEqual([]);

    expect(lines).toEqual(["No pending migrations"]);
    const rows = await query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      db.url,
      "SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((row) => row.migration_name)).toEqual(folders);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it("creating a migration for an unchanged schema writes nothing", async () => {
    const db = throwawayDatabase("unchanged");
    const dir = await copyOfMigrations();
    const before = await readdir(dir, { recursive: true });

    const created = await createMigration({ databaseUrl: db.url, schemaPath, migrationsDir: dir, name: "nothing" });

    expect(created).toBeNull();
    expect(await readdir(dir, { recursive: true })).toEqual(before);
  });

  it("creating a migration for a new model writes its CREATE TABLE, after which the schema has no drift", async () => {
    const db = throwawayDatabase("newmodel");
    const dir = await copyOfMigrations();
    const changedSchema = path.join(path.dirname(dir), "schema.prisma");
    const probeModel = "\nmodel MigrationProbe {\n  id    Int    @id\n  label String\n}\n";
    await writeFile(changedSchema, (await readFile(schemaPath, "utf8")) + probeModel);

    const created = await createMigration({
      databaseUrl: db.url,
      schemaPath: changedSchema,
      migrationsDir: dir,
      name: "add_probe",
      now: new Date("2099-01-02T03:04:05Z"),
    });

    expect(created?.name).toBe("20990102030405_add_probe");
    expect(created?.path).toBe(path.join(dir, "20990102030405_add_probe"));
    const sql = await readFile(path.join(dir, "20990102030405_add_probe", "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "MigrationProbe"');
    expect(sql).not.toContain('CREATE TABLE "User"');
    expect(await readFile(path.join(dir, LOCKFILE), "utf8")).toContain('provider = "postgresql"');
    expect(await diffMigrationsToSchema({ databaseUrl: db.url, schemaPath: changedSchema, migrationsDir: dir })).toBe(
      "",
    );
  });

  it("rejects a migration name outside [a-z0-9_]", async () => {
    const db = throwawayDatabase("badname");
    const dir = await copyOfMigrations();

    await expect(
      createMigration({ databaseUrl: db.url, schemaPath, migrationsDir: dir, name: "../escape" }),
    ).rejects.toThrow(/Invalid migration name/);
  });

  it("applies a migration whose SQL has semicolons inside literals and function bodies", async () => {
    const db = throwawayDatabase("semicolons");
    const dir = await copyOfMigrations();
    const folder = path.join(dir, "20990101000000_semicolons");
    await mkdir(folder);
    await writeFile(
      path.join(folder, "migration.sql"),
      `COMMENT ON TABLE "User" IS 'a;b';
CREATE FUNCTION probe_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW."updatedAt" := now(); RETURN NEW; END; $$;
`,
    );

    expect(await applyMigrations({ databaseUrl: db.url, migrationsDir: dir })).toContain("20990101000000_semicolons");

    const [comment] = await query<{ comment: string }>(db.url, `SELECT obj_description('"User"'::regclass) AS comment`);
    expect(comment?.comment).toBe("a;b");
  });

  it("diffing leaves the main database untouched and no shadow database behind", async () => {
    const db = throwawayDatabase("untouched");
    await createDatabase(db.name);
    const emptySchema = path.join(await tempDir(), "empty.prisma");
    await writeFile(emptySchema, 'datasource db {\n  provider = "postgresql"\n}\n');

    // Replaying a non-empty history is what once landed in the main database.
    expect(await diffMigrationsToSchema({ databaseUrl: db.url, schemaPath, migrationsDir })).toBe("");
    expect(await publicObjects(db.url)).toEqual([]);
    expect(await diffMigrationsToSchema({ databaseUrl: db.url, schemaPath: emptySchema, migrationsDir })).toContain(
      'DROP TABLE "User"',
    );
    expect(await publicObjects(db.url)).toEqual([]);

    // Earlier tests in this file replayed histories too: none of their shadows may remain either.
    const shadows = await query(
      db.url,
      "SELECT datname FROM pg_database WHERE datname LIKE 'authcore\\_mig\\_%\\_shadow\\_%'",
    );
    expect(shadows).toEqual([]);
  });
});
