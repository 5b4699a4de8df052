import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { redis } from "../redis";
import { emailQuotaCategory, quotaKey, redisRecipientQuota } from "./quota";

const HOUR = 3_600_000;

function clock(start = 1_000_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe("per-recipient email quota", () => {
  it("admits `limit` messages per recipient and category in a window and refuses the rest, counting refusals for nothing", async () => {
    const time = clock();
    const quota = redisRecipientQuota(redis, { limit: 3, now: time.now });
    const admitted = [];
    for (let i = 0; i < 6; i++) admitted.push(await quota.admit("password-reset", "victim@example.com", `m${i}`));
    expect(admitted).toEqual([true, true, true, false, false, false]);

    // Another category, another recipient: counted apart.
    expect(await quota.admit("activation", "victim@example.com", "a1")).toBe(true);
    expect(await quota.admit("password-reset", "other@example.com", "o1")).toBe(true);

    // The window slides: once the first three are older than an hour, three more go through, and
    // the refused ones did not eat into it.
    time.advance(HOUR + 1);
    const later = [];
    for (let i = 0; i < 4; i++) later.push(await quota.admit("password-reset", "victim@example.com", `n${i}`));
    expect(later).toEqual([true, true, true, false]);
  });

  it("counts a message once however often it is redelivered, and the address in any casing as one recipient", async () => {
    const quota = redisRecipientQuota(redis, { limit: 2, now: clock().now });
    expect(await quota.admit("activation", "Ada@Example.com", "same")).toBe(true);
    for (let i = 0; i < 5; i++) expect(await quota.admit("activation", "ada@example.com", "same")).toBe(true);
    expect(await quota.admit("activation", "ADA@example.com", "second")).toBe(true);
    expect(await quota.admit("activation", "ada@example.com", "third")).toBe(false);
    // An admitted message stays admitted on redelivery even once the quota is full.
    expect(await quota.admit("activation", "ada@example.com", "same")).toBe(true);
  });

  it("keeps no address in Redis: the key holds a hash of it", async () => {
    const quota = redisRecipientQuota(redis, { limit: 1, now: clock().now });
    await quota.admit("registration-attempt", "private.person@example.com", "x1");
    const key = quotaKey("registration-attempt", "private.person@example.com");
    expect(key).not.toContain("private");
    expect(await redis.zrange(key, "0", "-1")).toEqual(["x1"]);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it("admits (and reports) when Redis cannot answer: the quota never stops every email", async () => {
    const broken = {
      evalsha: async () => {
        throw new Error("connection refused");
      },
      eval: async () => {
        throw new Error("connection refused");
      },
    } as unknown as Redis;
    const errors: string[] = [];
    const quota = redisRecipientQuota(broken, { limit: 1, onError: (e) => errors.push(e.message) });
    expect(await quota.admit("activation", "a@example.com", "1")).toBe(true);
    expect(await quota.admit("activation", "a@example.com", "2")).toBe(true);
    expect(errors).toEqual(["connection refused", "connection refused"]);
  });

  it("weighs each kind of security notice on its own, so a burst of one cannot hide another", () => {
    const notice = (event: "password-changed" | "username-changed") =>
      emailQuotaCategory({
        template: "security-notice",
        to: "a@example.com",
        data: { username: "a", event, at: new Date().toISOString(), ip: "", userAgent: "" },
      });
    expect(notice("password-changed")).toBe("security-notice:password-changed");
    expect(notice("username-changed")).not.toBe(notice("password-changed"));
    expect(emailQuotaCategory({ template: "registration-attempt", to: "a@example.com", data: {} })).toBe(
      "registration-attempt",
    );
  });
});
