import { connect, type ChannelModel, type ConfirmChannel } from "amqplib";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Requests from "../lib/accounts/email-requests";
import type { Db } from "../lib/db";
import type * as Relay from "../lib/email/outbox-relay";
import type { Logger } from "../lib/log";
import type * as AccountFixtures from "../lib/testing/fixtures";
import { useVhost } from "../lib/testing/rabbitmq";
import type { WorkerModule } from "./module";
import type * as RelayModule from "./outbox-relay";

// The email-requests module in this process against a real broker (its own vhost): the relay
// routes request rows to its queue, it answers them, and what it answers with is an email row.

let db: Db;
let requests: typeof Requests;
let relay: typeof Relay;
let routes: typeof RelayModule.OUTBOX_ROUTES;
let fixtures: typeof AccountFixtures;
let requestsModule: WorkerModule;
let connection: ChannelModel;
let channel: ConfirmChannel;
const lines: Record<string, unknown>[] = [];
const said = (msg: string) => lines.filter((l) => l.msg === msg);

beforeAll(async () => {
  const url = await useVhost();
  ({ db } = await import("../lib/db"));
  requests = await import("../lib/accounts/email-requests");
  relay = await import("../lib/email/outbox-relay");
  ({ OUTBOX_ROUTES: routes } = await import("./outbox-relay"));
  fixtures = await import("../lib/testing/fixtures");
  const { redis } = await import("../lib/redis");
  const { emailRequestConsumer } = await import("./email-requests");
  const log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  requestsModule = emailRequestConsumer();
  await requestsModule.start({ db, redis, log: log as unknown as Logger, signal: new AbortController().signal });
  connection = await connect(url);
  await requestsModule.setupChannels?.(connection);
  channel = await connection.createConfirmChannel();
});
afterAll(async () => {
  await requestsModule.stop();
  await connection.close().catch(() => undefined);
});

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const emailRows = (to: string) =>
  db.outboxMessage.findMany({ where: { type: "email.send", payload: { path: ["to"], equals: to } } });

describe("email requests in the worker", () => {
  it("answers the requests the relay routes to it: an email for the eligible account, none for an unknown address", async () => {
    const user = await fixtures.insertUser();
    await requests.requestPasswordReset(user.email, fixtures.TEST_META);
    await requests.requestPasswordReset("nobody.known@example.test", fixtures.TEST_META);
    expect(await relay.relayOutboxBatch(db, channel, { routes })).toMatchObject({ published: 2, failed: 0 });
    await waitFor(() => said("email request handled").length === 2, "both requests");
    expect((await emailRows(user.email)).map((r) => (r.payload as { template: string }).template)).toEqual([
      "password-reset",
    ]);
    expect(await emailRows("nobody.known@example.test")).toEqual([]);
    expect(
      said("email request handled")
        .map((l) => l.outcome)
        .sort(),
    ).toEqual(["email-queued", "not-eligible"]);
    // The log says what happened, never to which address.
    expect(JSON.stringify(lines)).not.toContain("nobody.known");
  });

  it("answers a redelivered request once: the copy finds the ledger and queues nothing", async () => {
    const user = await fixtures.insertUser({ isActive: false });
    await requests.resendActivation(user.email, fixtures.TEST_META);
    const row = await db.outboxMessage.findFirstOrThrow({
      where: { type: requests.ACTIVATION_RESEND_REQUESTED, payload: { path: ["email"], equals: user.email } },
    });
    const before = said("email request handled").length;
    for (let copy = 0; copy < 3; copy++) {
      channel.sendToQueue(requests.EMAIL_REQUEST_QUEUE, Buffer.from(JSON.stringify(row.payload)), {
        messageId: row.id,
        type: row.type,
      });
    }
    await channel.waitForConfirms();
    await waitFor(() => said("email request handled").length === before + 3, "three copies");
    expect(
      said("email request handled")
        .slice(before)
        .map((l) => l.outcome)
        .sort(),
    ).toEqual(["duplicate", "duplicate", "email-queued"]);
    expect(await emailRows(user.email)).toHaveLength(1);
  });

  it("drops expired and malformed requests with a log line instead of retrying them", async () => {
    const user = await fixtures.insertUser();
    const request = { email: user.email, ip: "", userAgent: "", requestedAt: new Date().toISOString() };
    channel.sendToQueue(requests.EMAIL_REQUEST_QUEUE, Buffer.from(JSON.stringify(request)), {
      messageId: "late-request",
      type: requests.PASSWORD_RESET_REQUESTED,
      headers: { "x-expires-at": new Date(Date.now() - 1).toISOString() },
    });
    channel.sendToQueue(requests.EMAIL_REQUEST_QUEUE, Buffer.from("{not json"), {
      messageId: "garbled-request",
      type: requests.PASSWORD_RESET_REQUESTED,
    });
    channel.sendToQueue(requests.EMAIL_REQUEST_QUEUE, Buffer.from(JSON.stringify(request)), {
      messageId: "unknown-type",
      type: "account.something-else",
    });
    await channel.waitForConfirms();
    await waitFor(
      () =>
        said("email request expired: dropped unanswered").length === 1 &&
        said("email request malformed: dropped").length === 2,
      "the drops",
    );
    expect(await emailRows(user.email)).toEqual([]);
    expect((await channel.checkQueue(requests.EMAIL_REQUEST_QUEUE)).messageCount).toBe(0);
  });
});
