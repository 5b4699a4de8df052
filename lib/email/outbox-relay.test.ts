import { connect, type ChannelModel, type GetMessage } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db";
import type * as Fixtures from "./test-fixtures";
import type * as Relay from "./outbox-relay";
import type * as RetryPolicy from "./retry-policy";
import type * as Expiry from "./expiry";
import { useVhost } from "../testing/rabbitmq";

let url: string;
let db: Db;
let relay: typeof Relay;
let fixtures: typeof Fixtures;
let retryPolicy: typeof RetryPolicy;
let expiry: typeof Expiry;
const connections: ChannelModel[] = [];

beforeAll(async () => {
  url = await useVhost();
  ({ db } = await import("../db"));
  relay = await import("./outbox-relay");
  fixtures = await import("./test-fixtures");
  retryPolicy = await import("./retry-policy");
  expiry = await import("./expiry");
});
afterAll(async () => {
  for (const c of connections) await c.close().catch(() => undefined);
});

async function confirmChannel() {
  const connection = await connect(url);
  connections.push(connection);
  const channel = await connection.createConfirmChannel();
  await retryPolicy.assertEmailTopology(channel);
  return channel;
}

/** Reads every message in the email queue (acknowledging it). */
async function drainMessages(): Promise<GetMessage[]> {
  const connection = await connect(url);
  const channel = await connection.createChannel();
  const messages: GetMessage[] = [];
  for (;;) {
    const message = await channel.get(retryPolicy.EMAIL_QUEUE, { noAck: true });
    if (message === false) break;
    messages.push(message);
  }
  await connection.close();
  return messages;
}

/** The ids of every message in the email queue (taking them out). */
async function drainIds(): Promise<string[]> {
  return (await drainMessages()).map((m) => String(m.properties.messageId));
}

describe("outbox relay", () => {
  it("writes the email in the registration's transaction: a rolled-back registration queues nothing", async () => {
    await expect(
      db.$transaction(async (tx) => {
        const { enqueueEmail } = await import("./outbox");
        await enqueueEmail(
          {
            template: "activation",
            to: "rolled.back@example.com",
            data: { username: "r", token: "t", cancelToken: "c" },
          },
          tx,
        );
        throw new Error("registration failed");
      }),
    ).rejects.toThrow("registration failed");
    expect(await db.outboxMessage.count()).toBe(0);
  });

  it("keeps registrations working while the broker is unreachable, and publishes them later", async () => {
    // No relay can publish now; the registration only needs PostgreSQL.
    const { outboxId } = await fixtures.registerUserWithActivationEmail("while.down@example.com");
    expect(await relay.pendingOutboxCount(db)).toBe(1);
    const result = await relay.relayOutboxBatch(db, await confirmChannel());
    expect(result).toEqual({ published: 1, failed: 0, expired: 0 });
    expect(await relay.pendingOutboxCount(db)).toBe(0);
    const ids = await drainIds();
    expect(ids).toEqual([outboxId]);
  });

  it("two relays draining the same outbox publish every row exactly once", async () => {
    const ids = await fixtures.fillOutbox(1_000, (i) => `pair${i}@example.com`);
    const [a, b] = [await confirmChannel(), await confirmChannel()];
    const drain = async (channel: typeof a) => {
      let total = 0;
      for (;;) {
        const { published } = await relay.relayOutboxBatch(db, channel, { batchSize: 50 });
        if (published === 0) return total;
        total += published;
      }
    };
    const [fromA, fromB] = await Promise.all([drain(a), drain(b)]);
    expect(fromA + fromB).toBe(1_000);
    expect(fromA).toBeGreaterThan(0);
    expect(fromB).toBeGreaterThan(0);
    const published = await drainIds();
    expect(published).toHaveLength(1_000);
    expect(new Set(published)).toEqual(new Set(ids));
  });

  it("keeps rows the broker could not route pending, counting the attempt and saying why", async () => {
    const ids = await fixtures.fillOutbox(2, (i) => `unroutable${i}@example.com`);
    const channel = await confirmChannel();
    await channel.deleteQueue(retryPolicy.EMAIL_QUEUE);
    try {
      expect(await relay.relayOutboxBatch(db, channel)).toEqual({ published: 0, failed: 2, expired: 0 });
    } finally {
      await retryPolicy.assertEmailTopology(channel);
    }
    const rows = await db.outboxMessage.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => [r.publishedAt, r.attempts, r.lastError])).toEqual([
      [null, 1, "unroutable: no queue bound for this type"],
      [null, 1, "unroutable: no queue bound for this type"],
    ]);
    expect(await relay.relayOutboxBatch(db, channel)).toEqual({ published: 2, failed: 0, expired: 0 });
    await drainIds();
  });

  it("leaves rows pending when the broker does not confirm them", async () => {
    await fixtures.fillOutbox(3, (i) => `unconfirmed${i}@example.com`);
    const channel = await confirmChannel();
    await channel.close();
    await expect(relay.relayOutboxBatch(db, channel)).rejects.toThrow();
    expect(await relay.pendingOutboxCount(db)).toBe(3);
  });

  it("carries no live link to the broker: the data is sealed, only template and recipient are readable", async () => {
    const { outboxId, token } = await fixtures.registerUserWithActivationEmail("sealed.link@example.com");
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } });
    expect(JSON.stringify(row)).not.toContain(token);
    await relay.relayOutboxBatch(db, await confirmChannel());
    const message = (await drainMessages()).find((m) => m.properties.messageId === outboxId);
    const body = message?.content.toString("utf8") ?? "";
    expect(body).not.toContain(token);
    expect(JSON.stringify(message?.properties.headers)).not.toContain(token);
    expect(JSON.parse(body)).toEqual({
      template: "activation",
      to: "sealed.link@example.com",
      sealed: expect.any(String),
    });
  });

  it("sends the expiry along (header and per-message expiration), and closes an expired row instead of publishing it", async () => {
    const { enqueueEmail } = await import("./outbox");
    const email = (to: string) => ({ template: "password-reset" as const, to, data: { username: "r", token: "t" } });
    const soon = new Date(Date.now() + 60_000);
    const live = await enqueueEmail(email("live@example.com"), db, { expiresAt: soon });
    const expired = await enqueueEmail(email("late@example.com"), db, { expiresAt: new Date(Date.now() - 1) });
    const timeless = await enqueueEmail(email("timeless@example.com"), db);

    expect(await relay.relayOutboxBatch(db, await confirmChannel())).toEqual({ published: 2, failed: 0, expired: 1 });
    const messages = await drainMessages();
    expect(messages.map((m) => m.properties.messageId).sort()).toEqual([live, timeless].sort());
    const sent = messages.find((m) => m.properties.messageId === live);
    expect(sent?.properties.headers?.[expiry.EXPIRES_AT_HEADER]).toBe(soon.toISOString());
    const ttl = Number(sent?.properties.expiration);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    const plain = messages.find((m) => m.properties.messageId === timeless);
    expect(plain?.properties.expiration).toBeUndefined();
    expect(plain?.properties.headers?.[expiry.EXPIRES_AT_HEADER]).toBeUndefined();

    // The expired row is closed with the reason, not left pending to be tried forever.
    const closed = await db.outboxMessage.findUniqueOrThrow({ where: { id: expired } });
    expect(closed.publishedAt).not.toBeNull();
    expect(closed.lastError).toBe(relay.EXPIRED_UNPUBLISHED);
    expect(await relay.pendingOutboxCount(db)).toBe(0);
    expect(await relay.relayOutboxBatch(db, await confirmChannel())).toEqual({ published: 0, failed: 0, expired: 0 });
  });

  it("routes each type to its queue and leaves types without a route untouched", async () => {
    const { enqueueOutboxMessage } = await import("./outbox");
    const other = await enqueueOutboxMessage("other.thing", { n: 1 });
    const channel = await confirmChannel();
    await channel.assertQueue("other.queue", { durable: true });
    expect(await relay.relayOutboxBatch(db, channel)).toEqual({ published: 0, failed: 0, expired: 0 });
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: other } })).publishedAt).toBeNull();
    const routes = { ...relay.EMAIL_OUTBOX_ROUTES, "other.thing": "other.queue" };
    expect(await relay.relayOutboxBatch(db, channel, { routes })).toEqual({ published: 1, failed: 0, expired: 0 });
    const message = await channel.get("other.queue", { noAck: true });
    expect(message && message.properties.type).toBe("other.thing");
    expect(message && JSON.parse(message.content.toString())).toEqual({ n: 1 });
  });
});
