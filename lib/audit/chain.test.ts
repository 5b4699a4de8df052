import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalEvent, chainHash, GENESIS_HASH, type ChainedEvent } from "./chain";

const EVENT: ChainedEvent = {
  id: "evt-1",
  createdAt: new Date("2026-12-06T03:00:00.123Z"),
  type: "login.succeeded",
  actorId: "user-1",
  userId: "user-1",
  ip: "192.0.2.1",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
  data: { sessionId: "s-1", nested: { b: 2, a: 1 } },
};

describe("the chain's canonical form", () => {
  it("is RFC 8785 JSON over exactly the hashed fields, keys sorted, the time in ISO milliseconds", () => {
    expect(canonicalEvent(EVENT)).toBe(
      '{"actorId":"user-1","at":"2026-12-06T03:00:00.123Z","data":{"nested":{"a":1,"b":2},"sessionId":"s-1"},' +
        '"id":"evt-1","ip":"192.0.2.1","type":"login.succeeded",' +
        '"userAgent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0","userId":"user-1"}',
    );
  });

  it("does not depend on the order of keys, at any depth", () => {
    const reordered: ChainedEvent = {
      data: { nested: { a: 1, b: 2 }, sessionId: "s-1" },
      userAgent: EVENT.userAgent,
      ip: EVENT.ip,
      userId: EVENT.userId,
      actorId: EVENT.actorId,
      type: EVENT.type,
      createdAt: new Date(EVENT.createdAt),
      id: EVENT.id,
    };
    expect(canonicalEvent(reordered)).toBe(canonicalEvent(EVENT));
  });

  it("spells absent values as null and numbers in their one JSON spelling", () => {
    const bare = { ...EVENT, actorId: null, userId: null, data: undefined };
    expect(canonicalEvent(bare)).toContain('"actorId":null');
    expect(canonicalEvent(bare)).toContain('"data":null');
    expect(canonicalEvent({ ...EVENT, data: { big: 1e21, small: 1e-7, ten: 10.0 } })).toContain(
      '"data":{"big":1e+21,"small":1e-7,"ten":10}',
    );
  });

  it("changes with any hashed field", () => {
    const base = canonicalEvent(EVENT);
    const variants: Partial<ChainedEvent>[] = [
      { id: "evt-2" },
      { createdAt: new Date("2026-12-06T03:00:00.124Z") },
      { type: "logout" },
      { actorId: "admin" },
      { userId: null },
      { ip: "192.0.2.2" },
      { userAgent: "curl/8" },
      { data: { sessionId: "s-2" } },
    ];
    for (const variant of variants) expect(canonicalEvent({ ...EVENT, ...variant })).not.toBe(base);
  });
});

describe("the chain's hash", () => {
  it("is hex SHA-256 of the previous hash followed by the canonical form, from a genesis of 64 zeros", () => {
    expect(GENESIS_HASH).toBe("0".repeat(64));
    const canonical = canonicalEvent(EVENT);
    expect(chainHash(GENESIS_HASH, canonical)).toBe(
      createHash("sha256").update(`${GENESIS_HASH}${canonical}`).digest("hex"),
    );
    expect(chainHash(GENESIS_HASH, canonical)).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash("f".repeat(64), canonical)).not.toBe(chainHash(GENESIS_HASH, canonical));
  });
});
