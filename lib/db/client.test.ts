import { describe, expect, it } from "vitest";
import { poolSize } from "./client";
import { db } from "./index";

describe("the database client", () => {
  it("runs with JIT compilation off (a short query must never pay for compiling itself)", async () => {
    const [row] = await db.$queryRaw<{ jit: string }[]>`SHOW jit`;
    expect(row?.jit).toBe("off");
  });

  it("plans each prepared statement once (generic plans), instead of re-planning it per call", async () => {
    const [row] = await db.$queryRaw<{ plan_cache_mode: string }[]>`SHOW plan_cache_mode`;
    expect(row?.plan_cache_mode).toBe("force_generic_plan");
  });
});

describe("prepared statement names", () => {
  it("gives each SQL text one stable name, and none past the bound", async () => {
    const { statementName } = await import("./client");
    const first = statementName("SELECT 1 AS probe_a");
    expect(first).toMatch(/^q_[\w-]{24}$/);
    expect(statementName("SELECT 1 AS probe_a")).toBe(first);
    expect(statementName("SELECT 1 AS probe_b")).not.toBe(first);
    for (let i = 0; i < 1_000; i++) statementName(`SELECT ${i} AS filler`);
    expect(statementName("SELECT 1 AS probe_after_the_bound")).toBeUndefined();
    expect(statementName("SELECT 1 AS probe_a")).toBe(first);
  });

  it("lets a statement run many times on the same connections", async () => {
    for (let i = 0; i < 30; i++) {
      const [row] = await db.$queryRaw<{ n: number }[]>`SELECT ${i}::int AS n`;
      expect(row?.n).toBe(i);
    }
  });
});

describe("the connection pool's size", () => {
  it("is 10 for a process on its own, and a share of 10 (at least 2) in each of npm start's web processes", () => {
    expect(poolSize(1, false)).toBe(10);
    expect(poolSize(8, false)).toBe(10);
    expect(poolSize(2, true)).toBe(5);
    expect(poolSize(3, true)).toBe(4);
    expect(poolSize(16, true)).toBe(2);
  });
});
