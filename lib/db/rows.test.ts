import { describe, expect, it, vi } from "vitest";
import { sharedPool } from "./client";
import { db, Prisma, readRows } from "./index";

type Row = { at: Date; doc: { a: number }; ids: string[]; total: string; flag: boolean; name: string | null };

const SAMPLE = (name: string | null) => Prisma.sql`
  SELECT TIMESTAMP '2026-03-29 01:30:00.123' AS at, json_build_object('a', 1) AS doc,
         ARRAY['x', 'y']::text[] AS ids, count(*) AS total, TRUE AS flag, ${name}::text AS name
  FROM generate_series(1, 3)`;

describe("readRows", () => {
  it("reads what Prisma reads: timestamps as UTC, json parsed, arrays as arrays, parameters bound", async () => {
    const [row] = await readRows<Row>(SAMPLE('O\'Brien; DROP TABLE "User"'));
    expect(row?.at.toISOString()).toBe("2026-03-29T01:30:00.123Z");
    expect(row).toMatchObject({ doc: { a: 1 }, ids: ["x", "y"], total: "3", flag: true });
    expect(row?.name).toBe('O\'Brien; DROP TABLE "User"');
    const [viaPrisma] = await db.$queryRaw<{ at: Date }[]>(SAMPLE(null));
    expect(viaPrisma?.at.getTime()).toBe(row?.at.getTime());
  });

  it("runs inside the caller's transaction when given one", async () => {
    const seen = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL application_name = 'rows-test'`;
      return readRows<{ name: string }>(Prisma.sql`SELECT current_setting('application_name') AS name`, tx);
    });
    expect(seen[0]?.name).toBe("rows-test");
  });

  it("survives its idle connections being terminated by the server", async () => {
    await readRows(Prisma.sql`SELECT 1`);
    const [mine] = await readRows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`);
    await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                         WHERE datname = current_database() AND pid <> pg_backend_pid()`;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [row] = await readRows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`);
    expect(row?.pid).toEqual(expect.any(Number));
    expect(mine?.pid).toEqual(expect.any(Number));
  });

  it("reads once more when the server ends the connection under the statement", async () => {
    const terminate = async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                           WHERE datname = current_database() AND query LIKE '%pg_sleep(0.5)%'
                             AND pid <> pg_backend_pid()`;
    };
    const [rows] = await Promise.all([
      readRows<{ done: boolean }>(Prisma.sql`SELECT true AS done FROM pg_sleep(0.5)`),
      terminate(),
    ]);
    expect(rows).toEqual([{ done: true }]);
  });

  it("does not wait for a connection a second time when the pool gave none in time", async () => {
    const pool = sharedPool();
    const query = vi.spyOn(pool, "query").mockRejectedValueOnce(new Error("timeout exceeded when trying to connect"));
    try {
      await expect(readRows(Prisma.sql`SELECT 1`)).rejects.toThrow("timeout exceeded");
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });

  it("keeps working after the client disconnects (the shared pool is replaced)", async () => {
    await db.$disconnect();
    const [row] = await readRows<{ n: number }>(Prisma.sql`SELECT ${7}::int AS n`);
    expect(row?.n).toBe(7);
    const [again] = await db.$queryRaw<{ n: number }[]>`SELECT 8::int AS n`;
    expect(again?.n).toBe(8);
  });
});
