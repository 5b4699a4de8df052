// Whether an error means PostgreSQL could not be used just now (the connection was lost or
// refused, the server is shutting down or starting, no pool connection came in time), as
// opposed to a fault of the statement or of the code. Such a request is answered 503 with
// Retry-After, not 500: nothing about it was wrong, and trying again shortly will work.
// No Prisma import: proxy.ts's bundle reaches this through lib/http.

/** SQLSTATE class 08 (connection exception), 57P01–57P03 (admin or crash shutdown, cannot connect now). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123])$/;
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND"]);
/** Prisma: database unreachable, timed out, connection closed by the server, no pool connection in time. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const POOL_WAIT_TIMEOUT = /^timeout exceeded when trying to connect$/;
const MESSAGES = [
  /^Connection terminated/,
  /connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  // pg's pool: no connection within connectionTimeoutMillis.
  POOL_WAIT_TIMEOUT,
];

type Inspectable = { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const { code, message, cause, meta } = error as Inspectable;
  if (typeof code === "string") {
    if (UNAVAILABLE_SQLSTATE.test(code) || NETWORK_CODES.has(code) || PRISMA_CODES.has(code)) return true;
  }
  if (typeof message === "string" && MESSAGES.some((pattern) => pattern.test(message))) return true;
  // A raw query through the driver adapter fails as P2010 with the driver's error under meta.
  return isDatabaseUnavailable(meta?.driverAdapterError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}

/** Whether the pool gave no connection in time: every one is busy, and trying again at once only adds to the wait. */
export function isPoolWaitTimeout(error: unknown): boolean {
  return error instanceof Error && POOL_WAIT_TIMEOUT.test(error.message);
}
