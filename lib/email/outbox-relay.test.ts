import { connect, type ChannelModel } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db";
import type * as Fixtures from "./test-fixtures";
import type * as Relay from "./outbox-relay";
import type * as RetryPolicy from "./retry-policy";
import { useVhost } from "../testing/rabbitmq";

let url: string;
let db: Db;
let relay: typeof Relay;
let fixtures: typeof Fixtures;
let retryPolicy: typeof RetryPolicy;
const connections: ChannelModel[] = [];

beforeAll(async () => {
  url = await useVhost();
  ({ db } = await import("../db"));
  relay = await import("./outbox-relay");
  fixtures = await import("./test-fixtures");
  retryPolicy = await import("./retry-policy");
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

/** Reads every message in the email queue (acknowledging it) and returns their ids. */
async function drainIds(): Promise<string[]> {
  const connection = await connect(url);
  const channel = await connection.createChannel();
  const ids: string[] = [];
  for (;;) {
    const message = await channel.get(retryPolicy.EMAIL_QUEUE, { noAck: true });
    if (message === false) break;
    ids.push(String(message.properties.messageId));
  }
  await connection.close();
  return ids;
}

describe("outbox relay", () => {
  it("writes the email in the registration's transaction: a rolled-back registration queues nothing", async () => {
    await expect(
      db.$transaction(async (tx) => {
        const { enqueueEmail } = await import("./outbox");
        await enqueueEmail(
          { template: "activation", to: "rolled.back@example.com", data: { username: "r", token: "t" } },
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
    expect(result).toEqual({ published: 1, failed: 0 });
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
        const { published } = await relay.relayOutboxBatch(db, channel, 50);
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
      expect(await relay.relayOutboxBatch(db, channel)).toEqual({ published: 0, failed: 2 });
    } finally {
      await retryPolicy.assertEmailTopology(channel);
    }
    const rows = await db.outboxMessage.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => [r.publishedAt, r.attempts, r.lastError])).toEqual([
      [null, 1, "unroutable: no queue bound for this type"],
      [null, 1, "unroutable: no queue bound for this type"],
    ]);
    expect(await relay.relayOutboxBatch(db, channel)).toEqual({ published: 2, failed: 0 });
    await drainIds();
  });

  it("leaves rows pending when the broker does not confirm them", async () => {
    await fixtures.fillOutbox(3, (i) => `unconfirmed${i}@example.com`);
    const channel = await confirmChannel();
    await channel.close();
    await expect(relay.relayOutboxBatch(db, channel)).rejects.toThrow();
    expect(await relay.pendingOutboxCount(db)).toBe(3);
  });
});
