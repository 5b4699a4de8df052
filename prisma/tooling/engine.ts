// Prisma's schema engine compiled to WebAssembly, driven through the pg driver adapter, so that
// migrations run without the native engine Prisma's CLI would download
// (docs/decisions/002-offline-migrations.md).
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as wasmGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

export type SchemaEngine = wasmGlue.SchemaEngine;

export interface MigrationEngine {
  readonly engine: SchemaEngine;
  /** Frees the engine and closes every pool it opened. */
  close(): Promise<void>;
}

export function databaseName(connectionString: string): string {
  const name = decodeURIComponent(new URL(connectionString).pathname.slice(1));
  if (!name) throw new Error("DATABASE_URL names no database");
  return name;
}

export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function quoteIdent(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** Runs statements that cannot target the database they act on (CREATE/DROP DATABASE). */
export async function runOnMaintenanceDb(
  connectionString: string,
  sql: string,
  values: unknown[] = [],
): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: withDatabase(connectionString, "postgres") });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

// The engine arms timeouts (10 s around its advisory lock) and never clears them, since the glue
// imports no clearTimeout: left ref'd, each one keeps a finished CLI alive for the full delay.
// While an operation runs, the pools' sockets keep the process alive anyway.
function withUnrefTimers(glue: typeof wasmGlue): WebAssembly.ModuleImports {
  const imports: WebAssembly.ModuleImports = { ...glue };
  for (const [name, value] of Object.entries(imports)) {
    if (!name.startsWith("__wbg_setTimeout_") || typeof value !== "function") continue;
    imports[name] = (...args: unknown[]) => {
      const timer: unknown = value(...args);
      (timer as Partial<NodeJS.Timeout>).unref?.();
      return timer;
    };
  }
  return imports;
}

let wasmLoaded: Promise<void> | undefined;

// The package's entry imports the .wasm file as an ES module, which Node 20 only allows behind
// --experimental-wasm-modules; instantiating it by hand with the JS glue as imports avoids the flag.
function loadWasm(): Promise<void> {
  wasmLoaded ??= (async () => {
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(gluePath.replace(/\.js$/, ".wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": withUnrefTimers(wasmGlue) });
    wasmGlue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmLoaded;
}

// The engine's catalog queries read `"char"` columns (pg_class.relkind, pg_constraint.contype…),
// which @prisma/adapter-pg rejects as an unsupported type. pg already returns them as strings,
// so relabelling them as text before the adapter sees the result is enough.
const CHAR_OID = 18;
const TEXT_OID = 25;

function relabelCharColumns<T>(result: T): T {
  for (const single of Array.isArray(result) ? result : [result]) {
    for (const field of (single as Partial<pg.QueryResult>)?.fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

// Pool.query calls the client with a callback, the adapter's transactions use the promise form.
class CharAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- stands in for pg's dozen overloads
  override query(...args: any[]): any {
    const callback: unknown = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: Error | null, result: unknown) =>
        callback(error, error ? result : relabelCharColumns(result));
    }
    const returned: unknown = (super.query as (...queryArgs: unknown[]) => unknown).apply(this, args);
    return returned instanceof Promise ? returned.then(relabelCharColumns) : returned;
  }
}

async function connectAdapter(connectionString: string): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPg({ connectionString, Client: CharAsTextClient }).connect();
  // PrismaPg splits scripts on every ";" (breaking literals and function bodies) and runs the
  // pieces one by one. A query without parameters goes through the simple protocol instead, which
  // accepts the whole script and runs it as one implicit transaction, as Prisma's native engine does.
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

function shadowDatabaseName(mainDatabase: string): string {
  const suffix = `_shadow_${randomBytes(6).toString("hex")}`;
  return mainDatabase.slice(0, 63 - suffix.length) + suffix;
}

// PrismaPg's own shadow database is unusable: its pool keeps the main connection string, whose
// database wins over the one it sets, so migrations get replayed into the main database; and it
// drops the database before closing the pool that still uses it.
async function connectShadowAdapter(connectionString: string): Promise<SqlDriverAdapter> {
  const name = shadowDatabaseName(databaseName(connectionString));
  const drop = () => runOnMaintenanceDb(connectionString, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  await runOnMaintenanceDb(connectionString, `CREATE DATABASE ${quoteIdent(name)}`);
  try {
    const adapter = await connectAdapter(withDatabase(connectionString, name));
    const closePool = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      try {
        await closePool();
      } finally {
        await drop();
      }
    };
    return adapter;
  } catch (error) {
    await drop();
    throw error;
  }
}

export async function openMigrationEngine(
  connectionString: string,
  log: (engineLog: string) => void = () => {},
): Promise<MigrationEngine> {
  await loadWasm();
  const opened = new Set<SqlDriverAdapter>();
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    opened.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      opened.delete(adapter);
      await dispose();
    };
    return adapter;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => track(() => connectAdapter(connectionString)),
    connectToShadowDb: () => track(() => connectShadowAdapter(connectionString)),
  };
  const closeOpened = () => Promise.all([...opened].map((adapter) => adapter.dispose()));
  const engine = await wasmGlue.SchemaEngine.new(
    { datamodels: undefined },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  ).catch(async (error: unknown) => {
    await closeOpened();
    throw error;
  });
  return {
    engine,
    async close() {
      engine.free();
      await closeOpened();
    },
  };
}
