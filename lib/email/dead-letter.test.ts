import { connect, type ChannelModel, type ConfirmChannel } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useVhost } from "../testing/rabbitmq";
import type * as DeadLetter from "./dead-letter";
import type * as RetryPolicy from "./retry-policy";
import type * as Seal from "./seal";

let deadLetter: typeof DeadLetter;
let policy: typeof RetryPolicy;
let seal: typeof Seal;
let connection: ChannelModel;
let channel: ConfirmChannel;

beforeAll(async () => {
  const url = await useVhost();
  deadLetter = await import("./dead-letter");
  policy = await import("./retry-policy");
  seal = await import("./seal");
  connection = await connect(url);
  channel = await connection.createConfirmChannel();
  await policy.assertEmailTopology(channel);
});
afterAll(async () => {
  await connection.close().catch(() => undefined);
});

async function parkReset(messageId: string, token: string, expiresAt?: Date) {
  const sealed = await seal.sealEmail({
    template: "password-reset",
    to: `${messageId}@example.com`,
    data: { username: "u", token },
  });
  channel.sendToQueue(policy.EMAIL_PARKED_QUEUE, Buffer.from(JSON.stringify(sealed)), {
    messageId,
    headers: {
      "x-attempt": 6,
      "x-parked-reason": "gave up after 6 attempts: resend 500",
      "x-parked-at": new Date().toISOString(),
      ...(expiresAt ? { "x-expires-at": expiresAt.toISOString() } : {}),
    },
  });
  await channel.waitForConfirms();
}

describe("parked emails", () => {
  it("lists template, recipient, reason and expiry, never the sealed data or the link", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    await parkReset("listed", "listed-secret-token", expiresAt);
    const listed = await deadLetter.listParked(channel);
    expect(listed).toEqual([
      {
        messageId: "listed",
        template: "password-reset",
        to: "listed@example.com",
        attempts: 6,
        reason: "gave up after 6 attempts: resend 500",
        parkedAt: expect.any(String),
        expiresAt: expiresAt.toISOString(),
      },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/secret|sealed|eyJ/);
    // Listing leaves them parked.
    expect((await channel.checkQueue(policy.EMAIL_PARKED_QUEUE)).messageCount).toBe(1);
    expect(await deadLetter.discardParked(channel, ["listed"])).toHaveLength(1);
    expect((await channel.checkQueue(policy.EMAIL_PARKED_QUEUE)).messageCount).toBe(0);
  });

  it("replays a live message with the time it has left as its expiration, and removes an expired one instead", async () => {
    await parkReset("live", "t1", new Date(Date.now() + 60_000));
    await parkReset("stale", "t2", new Date(Date.now() - 1_000));
    await parkReset("timeless", "t3");
    const { replayed, expired } = await deadLetter.replayParked(channel, "all");
    expect(replayed.map((m) => m.messageId).sort()).toEqual(["live", "timeless"]);
    expect(expired.map((m) => m.messageId)).toEqual(["stale"]);
    expect((await channel.checkQueue(policy.EMAIL_PARKED_QUEUE)).messageCount).toBe(0);

    const back = new Map<string, { expiration: unknown; headers: Record<string, unknown> }>();
    for (;;) {
      const message = await channel.get(policy.EMAIL_QUEUE, { noAck: true });
      if (message === false) break;
      back.set(String(message.properties.messageId), {
        expiration: message.properties.expiration,
        headers: message.properties.headers ?? {},
      });
    }
    expect([...back.keys()].sort()).toEqual(["live", "timeless"]);
    const live = back.get("live");
    expect(Number(live?.expiration)).toBeGreaterThan(0);
    expect(Number(live?.expiration)).toBeLessThanOrEqual(60_000);
    expect(live?.headers).toMatchObject({ "x-attempt": 1 });
    expect(live?.headers).not.toHaveProperty("x-parked-reason");
    expect(back.get("timeless")?.expiration).toBeUndefined();
  });
});
