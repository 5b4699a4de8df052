import pg from "pg";
import { describe, expect, it } from "vitest";
import { db, Prisma } from "./index";
import { isDatabaseUnavailable } from "./unavailable";

/**
 * Runs `work` while another connection terminates every other backend of this database, again
 * and again until the work settles: whenever its connection opens, it is ended under it.
 */
async function failsWhileTerminated(work: () => Promise<unknown>): Promise<unknown> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  let settled = false;
  const terminate = async () => {
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                          WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    }
  };
  const terminating = terminate();
  try {
    const [outcome] = await Promise.allSettled([work()]);
    if (outcome.status === "fulfilled") throw new Error("the work survived its connection being terminated");
    return outcome.reason;
  } finally {
    settled = true;
    await terminating;
    await client.end();
  }
}

describe("isDatabaseUnavailable", () => {
  it("knows a connection terminated under a raw query, a model query and a transaction", async () => {
    expect(isDatabaseUnavailable(await failsWhileTerminated(() => db.$queryRaw`SELECT pg_sleep(1)`))).toBe(true);
    expect(
      isDatabaseUnavailable(
        await failsWhileTerminated(() =>
          db.$transaction(async (tx) => {
            await tx.user.count();
            await new Promise((resolve) => setTimeout(resolve, 400));
            await tx.user.count();
          }),
        ),
      ),
    ).toBe(true);
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    pool.on("error", () => undefined);
    try {
      expect(isDatabaseUnavailable(await failsWhileTerminated(() => pool.query("SELECT pg_sleep(1)")))).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it("knows a refused connection", async () => {
    const client = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:9/none" });
    expect(isDatabaseUnavailable(await client.connect().catch((error: unknown) => error))).toBe(true);
  });

  it("knows a pool that gave no connection in time", async () => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1, connectionTimeoutMillis: 50 });
    try {
      const held = await pool.connect();
      const waited = await pool.query("SELECT 1").catch((error: unknown) => error);
      held.release();
      expect(isDatabaseUnavailable(waited)).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it("does not take a bad statement, a constraint or a plain bug for an outage", async () => {
    const syntax = await db.$queryRaw`SELECT FROM nowhere_at_all`.catch((error: unknown) => error);
    expect(syntax).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "23505", message: "duplicate key" })).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("Connection terminated")).toBe(false);
  });
});
