import pg from "pg";
import { config } from "../config";
import { db } from "../db";
import { redisRecipientQuota } from "../email/quota";
import { redis } from "../redis";
import { EMAIL_REQUEST_TYPES, handleEmailRequest } from "./email-requests";

/**
 * What the worker does with the pending "forgot password" / "resend activation" requests, in this
 * process: each answered once (the same function, ledger and quota as the worker's consumer) and
 * marked published, so tests can read the emails they lead to without running a worker.
 */
export async function answerQueuedEmailRequests(): Promise<void> {
  const rows = await db.outboxMessage.findMany({
    where: { type: { in: [...EMAIL_REQUEST_TYPES] }, publishedAt: null },
    orderBy: { createdAt: "asc" },
  });
  const quota = redisRecipientQuota(redis, { limit: config.email.quotaPerHour });
  for (const row of rows) {
    await handleEmailRequest({ db, quota }, { messageId: row.id, type: row.type, payload: row.payload });
    await db.outboxMessage.update({ where: { id: row.id }, data: { publishedAt: new Date() } });
  }
}

/**
 * The SQL statements (text, without their parameters) this process sends to PostgreSQL while
 * `work` runs: what a request path executes, to compare it for different inputs.
 */
export async function sqlStatementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [query] = args;
    statements.push(typeof query === "string" ? query : String((query as { text?: unknown })?.text));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return statements;
}

/**
 * What a "forgot password" or "resend activation" form does for `email`: the SQL it runs and the
 * answer it shows (the address itself masked), to compare a known address with an unknown one.
 */
export async function formWorkFor(
  action: (previous: { status: "idle" }, data: FormData) => Promise<{ status: string; message?: string }>,
  email: string,
): Promise<{ sql: string[]; status?: string; message?: string }> {
  const data = new FormData();
  data.set("email", email);
  let state: { status: string; message?: string } | undefined;
  const sql = await sqlStatementsDuring(async () => {
    state = await action({ status: "idle" }, data);
  });
  return { sql, status: state?.status, message: state?.message?.replace(email, "<email>") };
}
