import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { connect } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Requests from "../lib/accounts/email-requests";
import type * as Registration from "../lib/accounts/register";
import type * as AccountHelpers from "../lib/testing/fixtures";
import type { Db } from "../lib/db";
import type * as Fixtures from "../lib/email/test-fixtures";
import type * as Seal from "../lib/email/seal";
import { listParked, type ParkedMessage } from "../lib/email/dead-letter";
import { onCleanup } from "../lib/testing/cleanup";
import { startFakeResend, type FakeResend } from "../lib/testing/fake-resend";
import { spawnTsx, type Spawned } from "../lib/testing/processes";
import { useVhost } from "../lib/testing/rabbitmq";

// The whole pipeline against the real services: outbox (PostgreSQL) → relay → RabbitMQ → worker
// → render → a local Resend-compatible server. Workers run as child processes so they can be
// killed; they share this file's database, Redis prefix and RabbitMQ vhost.

const run = promisify(execFile);
const MAX_ATTEMPTS = 3;

let resend: FakeResend;
let vhostUrl: string;
let vhost: string;
let fixtures: typeof Fixtures;
let registration: typeof Registration;
let requests: typeof Requests;
let seal: typeof Seal;
let accountHelpers: typeof AccountHelpers;
let db: Db;

beforeAll(async () => {
  vhostUrl = await useVhost();
  vhost = decodeURIComponent(new URL(vhostUrl).pathname.slice(1));
  resend = await startFakeResend();
  onCleanup(() => resend.close());
  fixtures = await import("../lib/email/test-fixtures");
  registration = await import("../lib/accounts/register");
  requests = await import("../lib/accounts/email-requests");
  seal = await import("../lib/email/seal");
  accountHelpers = await import("../lib/testing/fixtures");
  ({ db } = await import("../lib/db"));
});

afterAll(async () => {
  await db.$disconnect();
});

function startWorker(env: Record<string, string> = {}): Spawned {
  return spawnTsx("worker/main.ts", {
    RESEND_API_KEY: "re_test_key",
    RESEND_BASE_URL: resend.url,
    EMAIL_RETRY_BASE_MS: "150",
    EMAIL_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    // Other suites' schedules are not this file's business.
    JOB_SCHEDULES: "",
    ...env,
  });
}

async function stopWorker(worker: Spawned) {
  worker.child.kill("SIGTERM");
  const exit = await worker.exited;
  expect(exit, worker.lines.slice(-15).join("\n")).toEqual({ code: 0, signal: null });
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const emailsTo = (to: string) => resend.emails().filter((e) => e.to.includes(to));
const emailsMatching = (pattern: RegExp) => resend.emails().filter((e) => e.to.some((t) => pattern.test(t)));

async function dlq(...args: string[]): Promise<string[]> {
  const cli = spawnTsx("worker/dlq.ts", {}, args);
  const { code } = await cli.exited;
  expect(code, cli.lines.join("\n")).toBe(0);
  return cli.lines;
}

/** The parked messages, read in this process (the CLI is exercised once, for a replay). */
async function parked(ids?: string[]): Promise<ParkedMessage[]> {
  const connection = await connect(vhostUrl);
  try {
    const all = await listParked(await connection.createConfirmChannel());
    return ids ? all.filter((m) => m.messageId !== null && ids.includes(m.messageId)) : all;
  } finally {
    await connection.close();
  }
}

describe("email delivery", () => {
  // One worker serves the tests that do not kill it; it is started after the first registration.
  let shared: Spawned | undefined;
  afterAll(async () => {
    if (shared) await stopWorker(shared);
  });

  it("a user registered while the worker was stopped gets exactly one activation email once it starts", async () => {
    // The real registration, so "one email per registration" covers what it writes to the outbox.
    const { STRONG_PASSWORD, TEST_META, lastToken } = accountHelpers;
    await registration.registerAccount(
      { username: "EarlyBird", email: "early.bird@example.com", password: STRONG_PASSWORD },
      TEST_META,
    );
    const queued = await db.outboxMessage.findMany({
      where: { payload: { path: ["to"], equals: "early.bird@example.com" } },
    });
    expect(queued).toHaveLength(1);
    const outboxId = queued[0]?.id ?? "";
    const token = await lastToken("early.bird@example.com", "activation");
    expect(emailsTo("early.bird@example.com")).toHaveLength(0);

    shared = startWorker();
    await shared.waitForLog("worker ready", 60_000);
    await waitFor(() => emailsTo("early.bird@example.com").length > 0, "the activation email");
    await waitFor(
      async () => (await db.processedMessage.count({ where: { messageId: outboxId } })) === 1,
      "the ledger entry",
    );

    const [email, ...others] = emailsTo("early.bird@example.com");
    expect(others).toHaveLength(0);
    expect(resend.requestLog().filter((r) => r.idempotencyKey === email?.idempotencyKey)).toHaveLength(1);
    expect(email?.subject).toBe("Activate your Authcore account");
    expect(email?.idempotencyKey).toContain(outboxId);
    expect(email?.html).toContain(`href="http://localhost:3000/activate?token=${token}"`);
    expect(email?.html).toContain("EarlyBird");
    expect(email?.text).toContain(`http://localhost:3000/activate?token=${token}`);
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } });
    expect(row.publishedAt).not.toBeNull();
    // At rest, the link is only in the provider's hands: the outbox holds it sealed, the ledger holds ids.
    expect(JSON.stringify(row.payload)).not.toContain(token);
    const ledger = await db.processedMessage.findUniqueOrThrow({ where: { messageId: outboxId } });
    expect(JSON.stringify(ledger)).not.toContain(token);
  }, 90_000);

  it("parks malformed messages instead of crashing, and keeps delivering the good ones", async () => {
    const connection = await connect(vhostUrl);
    const channel = await connection.createConfirmChannel();
    const send = (body: string, messageId?: string) =>
      channel.sendToQueue("email.send", Buffer.from(body), { persistent: true, ...(messageId ? { messageId } : {}) });
    send("{not json", "malformed-1");
    send(JSON.stringify({ template: "activation", to: "not-an-email", data: {} }), "malformed-2");
    send(JSON.stringify({ template: "activation", to: "x@example.com", data: { username: "x", token: "t" } }));
    send(JSON.stringify({ template: "no-such-template", to: "x@example.com", data: {} }), "malformed-3");
    await channel.waitForConfirms();
    await connection.close();
    await fixtures.registerUserWithActivationEmail("after.poison@example.com");

    await waitFor(() => emailsTo("after.poison@example.com").length === 1, "the good email after the malformed ones");
    const isMalformed = (m: ParkedMessage) => /^(malformed-|unidentified-)/.test(m.messageId ?? "");
    await waitFor(async () => (await parked()).filter(isMalformed).length === 4, "four parked messages");
    const reasons = (await parked())
      .filter(isMalformed)
      .map((p) => `${p.messageId} ${p.reason}`)
      .sort();
    expect(reasons).toEqual([
      expect.stringMatching(/^malformed-1 malformed: body is not JSON/),
      expect.stringMatching(/^malformed-2 malformed: to: Invalid email/),
      expect.stringMatching(/^malformed-3 malformed: template: /),
      expect.stringMatching(/^unidentified-\S+ malformed: no message id/),
    ]);
    expect(emailsTo("x@example.com")).toHaveLength(0);
    expect(shared?.child.exitCode).toBeNull();
  });

  it("retries provider failures with backoff, parks a message after its last attempt, and replays it on command", async () => {
    resend.failNext(MAX_ATTEMPTS, 500);
    const { outboxId, token: unluckyToken } = await fixtures.registerUserWithActivationEmail("unlucky@example.com");

    await waitFor(async () => (await parked([outboxId])).length === 1, "the parked message");
    const attempts = resend.requestLog().filter((r) => r.to.includes("unlucky@example.com"));
    expect(attempts.map((a) => a.status)).toEqual(Array(MAX_ATTEMPTS).fill(500));
    // Backoff: 150 ms before the 2nd attempt, 600 ms before the 3rd.
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(140);
    expect((attempts[2]?.at ?? 0) - (attempts[1]?.at ?? 0)).toBeGreaterThanOrEqual(580);
    expect(emailsTo("unlucky@example.com")).toHaveLength(0);
    expect(await parked([outboxId])).toEqual([
      expect.objectContaining({
        attempts: MAX_ATTEMPTS,
        reason: expect.stringContaining("gave up after 3 attempts: resend 500"),
      }),
    ]);

    // The list shows who and what, never the sealed data or the link.
    const sealed = (
      (await db.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } })).payload as { sealed: string }
    ).sealed;
    const listing = (await dlq("list")).join("\n");
    expect(listing).toContain(`${outboxId}  activation  to=unlucky@example.com  attempts=${MAX_ATTEMPTS}`);
    expect(listing).not.toContain(sealed);
    expect(listing).not.toContain(unluckyToken);

    const output = await dlq("replay", outboxId);
    expect(output.join("\n")).toMatch(/1 message\(s\) sent back/);
    await waitFor(() => emailsTo("unlucky@example.com").length === 1, "the replayed email");
    expect(await parked([outboxId])).toEqual([]);
  });

  it("parks an email the provider rejects without retrying it", async () => {
    resend.failNext(1, 422);
    const { outboxId } = await fixtures.registerUserWithActivationEmail("rejected@example.com");
    await waitFor(async () => (await parked([outboxId])).length === 1, "the parked message");
    expect(resend.requestLog().filter((r) => r.to.includes("rejected@example.com"))).toHaveLength(1);
    expect(await parked([outboxId])).toEqual([
      expect.objectContaining({ attempts: 1, reason: expect.stringContaining("resend 422") }),
    ]);
  });

  it("honours Retry-After on a 429 before sending again", async () => {
    resend.failNext(1, 429, 1);
    await fixtures.registerUserWithActivationEmail("throttled@example.com");
    await waitFor(() => emailsTo("throttled@example.com").length === 1, "the throttled email");
    const attempts = resend.requestLog().filter((r) => r.to.includes("throttled@example.com"));
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it("answers a forgot-password request in the worker: one reset email to the account, nothing to an unknown address", async () => {
    const { insertUser, TEST_META } = accountHelpers;
    const user = await insertUser({ email: "forgetful@example.com" });
    await requests.requestPasswordReset(user.email, TEST_META);
    await requests.requestPasswordReset("stranger@example.com", TEST_META);
    await waitFor(() => emailsTo("forgetful@example.com").length === 1, "the reset email");
    await waitFor(
      async () =>
        (await db.processedMessage.count({ where: { result: { in: ["email-queued", "not-eligible"] } } })) >= 2,
      "both requests answered",
    );
    expect(emailsTo("forgetful@example.com")[0]?.subject).toBe("Reset your Authcore password");
    expect(emailsTo("stranger@example.com")).toHaveLength(0);
  });

  it("drops a message past its deadline with a log line instead of sending it", async () => {
    const connection = await connect(vhostUrl);
    const channel = await connection.createConfirmChannel();
    const sealed = await seal.sealEmail({
      template: "password-reset",
      to: "too.late@example.com",
      data: { username: "late", token: "expired-link" },
    });
    channel.sendToQueue("email.send", Buffer.from(JSON.stringify(sealed)), {
      persistent: true,
      messageId: "expired-in-queue",
      headers: { "x-attempt": 1, "x-expires-at": new Date(Date.now() - 1_000).toISOString() },
    });
    await channel.waitForConfirms();
    await connection.close();
    await (shared as Spawned).waitForLog("email expired: dropped unsent");
    await fixtures.registerUserWithActivationEmail("after.expired@example.com");
    await waitFor(() => emailsTo("after.expired@example.com").length === 1, "the next email");
    expect(emailsTo("too.late@example.com")).toHaveLength(0);
  });

  it("loses nothing and duplicates nothing when RabbitMQ drops every connection mid-flow", async () => {
    const worker = shared as Spawned;
    const recipient = (i: number) => `dropped${i}@example.com`;
    await fixtures.fillOutbox(150, recipient);
    await waitFor(() => emailsMatching(/^dropped\d+@/).length >= 20, "the first emails");
    await run("rabbitmqctl", ["close_all_connections", "-p", vhost, "test"]);
    await fixtures.fillOutbox(50, (i) => recipient(150 + i));

    await waitFor(() => emailsMatching(/^dropped\d+@/).length === 200, "all 200 emails", 50_000);
    expect(worker.lines.filter((l) => l.includes('"rabbitmq disconnected"')).length).toBeGreaterThanOrEqual(1);
    const recipients = emailsMatching(/^dropped\d+@/).map((e) => e.to[0]);
    expect(new Set(recipients).size).toBe(200);
    await waitFor(
      async () => (await db.outboxMessage.count({ where: { publishedAt: null } })) === 0,
      "an empty outbox",
    );
  }, 90_000);

  it("loses nothing and duplicates nothing when the worker is killed mid-batch", async () => {
    if (shared) await stopWorker(shared);
    shared = undefined;
    const recipient = (i: number) => `killed${i}@example.com`;
    const ids = await fixtures.fillOutbox(200, recipient);
    const first = startWorker();
    await waitFor(() => emailsMatching(/^killed\d+@/).length >= 20, "the first emails", 50_000);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(emailsMatching(/^killed\d+@/).length).toBeLessThan(200);

    shared = startWorker();
    await waitFor(() => emailsMatching(/^killed\d+@/).length === 200, "all 200 emails", 50_000);
    await waitFor(
      async () => (await db.processedMessage.count({ where: { messageId: { in: ids } } })) === 200,
      "200 ledger entries",
    );
    expect(new Set(emailsMatching(/^killed\d+@/).map((e) => e.to[0])).size).toBe(200);
    // Redeliveries after the crash were either skipped by the ledger or answered by the
    // provider's idempotency key: never a second email.
    const keys = resend.emails().map((e) => e.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  }, 120_000);
});
