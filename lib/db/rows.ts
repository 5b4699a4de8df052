import pg from "pg";
import { sharedPool, statementName } from "./client";
import type { Prisma } from "./generated/client";
import { isDatabaseUnavailable, isPoolWaitTimeout } from "./unavailable";

type Queryable = Pick<Prisma.TransactionClient, "$queryRaw">;

// `timestamp without time zone` columns (Prisma's DateTime) hold UTC, as Prisma reads them;
// pg's default parser would read them in the process's time zone.
const TIMESTAMP = 1114;
const parseUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP && format !== "binary"
      ? parseUtcTimestamp
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The rows of a read-only statement on the hot path (every authenticated request, the users
 * list), straight through the pool Prisma shares: Prisma's raw-query layer costs more CPU than
 * the query itself for these (decision 094). Inside a transaction, `tx` runs it as Prisma.
 * Values come back as pg reads them: json parsed, arrays as arrays, timestamps as Dates, but
 * bigint (count) as a string; callers convert with Number().
 */
export async function readRows<T>(query: Prisma.Sql, tx?: Queryable): Promise<T[]> {
  if (tx) return tx.$queryRaw<T[]>(query);
  const read = () =>
    sharedPool().query<T & pg.QueryResultRow>({
      name: statementName(query.text),
      text: query.text,
      values: query.values,
      types,
    });
  try {
    return (await read()).rows;
  } catch (error) {
    // A connection the server ended under the statement (a restart, a failover, an operator's
    // pg_terminate_backend): the pool has dropped it, and a read is safe to send once more. Not
    // after waiting for a connection in vain: a second wait would only double it.
    if (!isDatabaseUnavailable(error) || isPoolWaitTimeout(error)) throw error;
    return (await read()).rows;
  }
}
