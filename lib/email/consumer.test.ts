import { connect, type ChannelModel, type ConfirmChannel } from "amqplib";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db";
import type { Logger } from "../log";
import { useVhost } from "../testing/rabbitmq";
import type * as Consumer from "./consumer";
import type { EmailMessage } from "./messages";
import type * as Quota from "./quota";
import type * as RetryPolicy from "./retry-policy";
import type * as Seal from "./seal";
import { PermanentSendError, TransientSendError } from "./send-errors";
import type { EmailTransport, OutgoingEmail } from "./transport";

// The email consumer in this process against a real broker (its own vhost): what it does with a
// message's expiry and its recipient's quota. The defaults apply: 6 attempts, first retry after 5 s.

let db: Db;
let consumer: typeof Consumer;
let quotas: typeof Quota;
let policy: typeof RetryPolicy;
let seal: typeof Seal;
let url: string;
const connections: ChannelModel[] = [];

beforeAll(async () => {
  url = await useVhost();
  ({ db } = await import("../db"));
  consumer = await import("./consumer");
  quotas = await import("./quota");
  policy = await import("./retry-policy");
  seal = await import("./seal");
});
afterAll(async () => {
  for (const c of connections) await c.close().catch(() => undefined);
});

async function open(): Promise<{ connection: ChannelModel; channel: ConfirmChannel }> {
  const connection = await connect(url);
  connections.push(connection);
  const channel = await connection.createConfirmChannel();
  await policy.assertEmailTopology(channel);
  return { connection, channel };
}

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log: log as unknown as Logger, lines, said: (msg: string) => lines.filter((l) => l.msg === msg) };
}

/** A transport that records what it is asked to send and answers with `behaviour`. */
function recordingTransport(behaviour: (email: OutgoingEmail) => void = () => undefined) {
  const sent: OutgoingEmail[] = [];
  const transport: EmailTransport = {
    name: "resend",
    send: async (email) => {
      behaviour(email);
      sent.push(email);
      return { providerId: `p-${sent.length}` };
    },
  };
  return { transport, sent };
}

const reset = (to: string): EmailMessage => ({
  template: "password-reset",
  to,
  data: { username: "ada", token: "live-token" },
});

async function publish(channel: ConfirmChannel, message: EmailMessage, messageId: string, expiresAt?: Date) {
  const body = Buffer.from(JSON.stringify(await seal.sealEmail(message)));
  channel.sendToQueue(policy.EMAIL_QUEUE, body, {
    persistent: true,
    messageId,
    headers: { "x-attempt": 1, ...(expiresAt ? { "x-expires-at": expiresAt.toISOString() } : {}) },
  });
  await channel.waitForConfirms();
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const unlimited: Quota.RecipientQuota = { admit: async () => true };

describe("email consumer: expiry", () => {
  it("acknowledges and drops a message past its deadline with a log line, without sending it", async () => {
    const { connection, channel } = await open();
    const { log, said } = recordingLogger();
    const { transport, sent } = recordingTransport();
    const running = await consumer.startEmailConsumer(connection, { db, transport, log, quota: unlimited });
    await publish(channel, reset("late@example.com"), "expired-1", new Date(Date.now() - 1_000));
    await publish(channel, reset("on.time@example.com"), "on-time-1", new Date(Date.now() + 60_000));
    await waitFor(() => sent.length === 1 && said("email expired: dropped unsent").length === 1, "both handled");
    await running.stop();
    expect(sent.map((e) => e.to)).toEqual(["on.time@example.com"]);
    expect(said("email expired: dropped unsent")[0]).toMatchObject({ messageId: "expired-1" });
    expect((await channel.checkQueue(policy.EMAIL_QUEUE)).messageCount).toBe(0);
    expect(await db.processedMessage.count({ where: { messageId: "expired-1" } })).toBe(0);
  });

  it("gives a retry copy the time its link has left as its expiration, recomputed, with the deadline header kept", async () => {
    const { connection, channel } = await open();
    const { log, said } = recordingLogger();
    const { transport } = recordingTransport(() => {
      throw new TransientSendError("resend 503");
    });
    const running = await consumer.startEmailConsumer(connection, { db, transport, log, quota: unlimited });
    const deadline = new Date(Date.now() + 3_600_000);
    await publish(channel, reset("retry@example.com"), "retry-1", deadline);
    await waitFor(() => said("email send failed: retry scheduled").length === 1, "the retry");
    await running.stop();
    // Read from the first delay queue before its 5 s TTL sends it back.
    const copy = await channel.get(policy.retryQueueName(5_000), { noAck: true });
    expect(copy).not.toBe(false);
    if (copy === false) return;
    expect(copy.properties.headers).toMatchObject({ "x-attempt": 2, "x-expires-at": deadline.toISOString() });
    const expiration = Number(copy.properties.expiration);
    expect(expiration).toBeGreaterThan(0);
    expect(expiration).toBeLessThanOrEqual(3_600_000);
  });

  it("parks with an expiration: the time the link has left, at most seven days", async () => {
    const { connection, channel } = await open();
    const { log, said } = recordingLogger();
    const { transport } = recordingTransport(() => {
      throw new PermanentSendError("resend 422: invalid recipient");
    });
    const running = await consumer.startEmailConsumer(connection, { db, transport, log, quota: unlimited });
    await publish(channel, reset("soon@example.com"), "park-soon", new Date(Date.now() + 3_600_000));
    await publish(channel, reset("never@example.com"), "park-never");
    await waitFor(() => said("email parked: it cannot be delivered").length === 2, "two parked messages");
    await running.stop();

    const parked = new Map<string, string | undefined>();
    for (;;) {
      const message = await channel.get(policy.EMAIL_PARKED_QUEUE, { noAck: true });
      if (message === false) break;
      parked.set(String(message.properties.messageId), message.properties.expiration);
    }
    expect(Number(parked.get("park-soon"))).toBeGreaterThan(0);
    expect(Number(parked.get("park-soon"))).toBeLessThanOrEqual(3_600_000);
    expect(parked.get("park-never")).toBe(String(policy.PARKED_TTL_MS));
  });

  it("drops, instead of parking or retrying, a message whose deadline passed while it was being sent", async () => {
    const { connection, channel } = await open();
    const { log, said } = recordingLogger();
    const deadline = new Date(Date.now() + 2_000);
    const { transport } = recordingTransport(() => undefined);
    transport.send = async () => {
      // A slow provider: it answers after the link expired.
      while (Date.now() <= deadline.getTime()) await new Promise((r) => setTimeout(r, 50));
      throw new PermanentSendError("resend 422");
    };
    const running = await consumer.startEmailConsumer(connection, { db, transport, log, quota: unlimited });
    await publish(channel, reset("slow@example.com"), "slow-1", deadline);
    await waitFor(() => said("email expired: dropped instead of retried or parked").length === 1, "the drop");
    await running.stop();
    expect(said("email parked: it cannot be delivered")).toEqual([]);
    expect((await channel.checkQueue(policy.EMAIL_PARKED_QUEUE)).messageCount).toBe(0);
  });
});

describe("email consumer: per-recipient quota", () => {
  it("sends `limit` emails of a template to one address, drops the rest quietly (logged, recorded), and counts other addresses apart", async () => {
    const { connection, channel } = await open();
    const { log, said } = recordingLogger();
    const { transport, sent } = recordingTransport();
    const { redis } = await import("../redis");
    const quota = quotas.redisRecipientQuota(redis, { limit: 2 });
    const running = await consumer.startEmailConsumer(connection, { db, transport, log, quota });
    for (let i = 0; i < 5; i++) await publish(channel, reset("bombed@example.com"), `bomb-${i}`);
    await publish(channel, reset("bystander@example.com"), "bystander-1");
    await waitFor(
      () => sent.length + said("email dropped: its recipient is over the hourly quota").length === 6,
      "all",
    );
    // A redelivered copy of a sent message is neither sent again nor counted again.
    await publish(channel, reset("bombed@example.com"), "bomb-0");
    await waitFor(() => said("email already handled: skipping redelivery").length === 1, "the redelivery");
    await running.stop();

    expect(sent.filter((e) => e.to === "bombed@example.com")).toHaveLength(2);
    expect(sent.filter((e) => e.to === "bystander@example.com")).toHaveLength(1);
    const dropped = await db.processedMessage.findMany({ where: { result: quotas.OVER_QUOTA_RESULT } });
    expect(dropped).toHaveLength(3);
    expect(said("email dropped: its recipient is over the hourly quota")[0]).toMatchObject({
      template: "password-reset",
    });
    // The log never names the address.
    expect(JSON.stringify(said("email dropped: its recipient is over the hourly quota"))).not.toContain("bombed");
  });
});
