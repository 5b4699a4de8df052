import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../../db";
import { redis } from "../../redis";
import { insertSignedInUser } from "../../testing/fixtures";
import { decodeSessionToken } from "./cookie";
import { cacheSessionRecord, lookupSession, type SessionRecord, sessionTokenHash, tombstoneSessions } from "./store";
import { sha256 } from "../tokens";

const HOUR = 3_600_000;
let counter = 0;
/** A token hash no session uses. */
const freshHash = () => sessionTokenHash(`store-test-${process.pid}-${++counter}-${Math.random()}`);
const cacheKey = (tokenHash: string) => `session:${tokenHash}`;

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return { id: "row-id", userId: "user-id", exp: now + HOUR, aexp: now + 2 * HOUR, seen: now, auth: now, ...overrides };
}

afterEach(async () => {
  vi.useRealTimers();
  if (redis.status !== "ready") await redis.connect().catch(() => undefined);
});

describe("the session cache", () => {
  it("keys a session by the SHA-256 of the cookie's session id", () => {
    expect(sessionTokenHash("abc")).toBe(sha256("abc"));
    expect(sessionTokenHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("keeps a record until its idle or absolute expiry, whichever is first, and re-reads it hourly at most", async () => {
    // The clock the expiry is computed with stands still; Redis counts down in real time.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const soon = freshHash();
    await cacheSessionRecord(soon, record({ exp: Date.now() + 10_500 }));
    const soonTtl = await redis.pttl(cacheKey(soon));
    expect(soonTtl).toBeGreaterThan(10_000);
    expect(soonTtl).toBeLessThanOrEqual(11_000);

    const absoluteFirst = freshHash();
    await cacheSessionRecord(absoluteFirst, record({ exp: Date.now() + 2 * HOUR, aexp: Date.now() + 20_000 }));
    expect(await redis.pttl(cacheKey(absoluteFirst))).toBeLessThanOrEqual(20_000);

    const late = freshHash();
    await cacheSessionRecord(late, record({ exp: Date.now() + 48 * HOUR, aexp: Date.now() + 72 * HOUR }));
    const lateTtl = await redis.pttl(cacheKey(late));
    expect(lateTtl).toBeGreaterThan(HOUR - 5_000);
    expect(lateTtl).toBeLessThanOrEqual(HOUR);

    const past = freshHash();
    await cacheSessionRecord(past, record({ exp: Date.now() - HOUR }));
    const pastTtl = await redis.pttl(cacheKey(past));
    expect(pastTtl).toBeGreaterThan(0);
    expect(pastTtl).toBeLessThanOrEqual(1_000);
  });

  it("never overwrites a revocation (a lookup racing a sign-out cannot bring the session back)", async () => {
    const hash = freshHash();
    await tombstoneSessions([{ sessionToken: hash, absoluteExpires: new Date(Date.now() + HOUR) }]);
    await cacheSessionRecord(hash, record());
    expect(await redis.get(cacheKey(hash))).toBe("revoked");
    expect(await lookupSession(hash)).toBeNull();
  });

  it("answers from the cache while the record is live, and refuses it from the moment either expiry is reached", async () => {
    const hash = freshHash();
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now });
    const live = record({ exp: now + 60_000, aexp: now + 120_000 });
    await cacheSessionRecord(hash, live);
    const findUnique = vi.spyOn(db.session, "findUnique");
    try {
      expect(await lookupSession(hash)).toEqual(live);
      expect(findUnique).not.toHaveBeenCalled();
    } finally {
      findUnique.mockRestore();
    }
    vi.setSystemTime(now + 60_000);
    expect(await lookupSession(hash)).toBeNull();

    const absolute = freshHash();
    vi.setSystemTime(now);
    await cacheSessionRecord(absolute, record({ exp: now + 120_000, aexp: now + 60_000 }));
    vi.setSystemTime(now + 60_000);
    expect(await lookupSession(absolute)).toBeNull();
  });

  it("remembers an unknown session as revoked for an hour, so a replayed dead cookie stops reaching the database", async () => {
    const hash = freshHash();
    expect(await lookupSession(hash)).toBeNull();
    expect(await redis.get(cacheKey(hash))).toBe("revoked");
    const ttl = await redis.ttl(cacheKey(hash));
    expect(ttl).toBeGreaterThan(3_590);
    expect(ttl).toBeLessThanOrEqual(3_600);
    const findUnique = vi.spyOn(db.session, "findUnique");
    try {
      expect(await lookupSession(hash)).toBeNull();
      expect(findUnique).not.toHaveBeenCalled();
    } finally {
      findUnique.mockRestore();
    }
  });

  it("rebuilds a missing record from the session row, every field of it", async () => {
    const { sessionId, user, cookie } = await insertSignedInUser();
    const hash = sessionTokenHash((await decodeSessionToken(cookie))!.sid);
    const lastSeenAt = new Date(Date.now() - 30_000);
    const authenticatedAt = new Date(Date.now() - 40_000);
    const row = await db.session.update({ where: { id: sessionId }, data: { lastSeenAt, authenticatedAt } });
    await redis.del(cacheKey(hash));
    const expected: SessionRecord = {
      id: sessionId,
      userId: user.id,
      exp: row.expires.getTime(),
      aexp: row.absoluteExpires.getTime(),
      seen: lastSeenAt.getTime(),
      auth: authenticatedAt.getTime(),
    };
    expect(await lookupSession(hash)).toEqual(expected);
    expect(JSON.parse((await redis.get(cacheKey(hash)))!)).toEqual(expected);
  });

  it("with Redis down, reads the database and neither caches nor fails", async () => {
    const { sessionId, cookie } = await insertSignedInUser();
    const hash = sessionTokenHash((await decodeSessionToken(cookie))!.sid);
    const unknown = freshHash();
    redis.disconnect();
    // A cache that failed once in a request is not asked again in it (a hung one would cost its timeout twice).
    const set = vi.spyOn(redis, "set");
    const evalScript = vi.spyOn(redis, "eval");
    try {
      expect(await lookupSession(hash)).toMatchObject({ id: sessionId });
      expect(await lookupSession(unknown)).toBeNull();
      expect(set).not.toHaveBeenCalled();
      expect(evalScript).not.toHaveBeenCalled();
    } finally {
      set.mockRestore();
      evalScript.mockRestore();
    }
    await expect(cacheSessionRecord(unknown, record())).resolves.toBeUndefined();
    await redis.connect();
    expect(await redis.exists(cacheKey(unknown))).toBe(0);
  });
});

describe("tombstones for revoked sessions", () => {
  it("last until the session's absolute expiry would have passed (at least a second)", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const later = freshHash();
    const past = freshHash();
    await tombstoneSessions([
      { sessionToken: later, absoluteExpires: new Date(Date.now() + 100_500) },
      { sessionToken: past, absoluteExpires: new Date(Date.now() - HOUR) },
    ]);
    expect(await redis.get(cacheKey(later))).toBe("revoked");
    const laterTtl = await redis.pttl(cacheKey(later));
    expect(laterTtl).toBeGreaterThan(100_000);
    expect(laterTtl).toBeLessThanOrEqual(101_000);
    expect(await redis.get(cacheKey(past))).toBe("revoked");
    expect(await redis.pttl(cacheKey(past))).toBeLessThanOrEqual(1_000);
  });

  it("writes nothing for no sessions", async () => {
    const multi = vi.spyOn(redis, "multi");
    try {
      await tombstoneSessions([]);
      expect(multi).not.toHaveBeenCalled();
    } finally {
      multi.mockRestore();
    }
  });

  /** Tombstones one session while `spoil` breaks the first Redis transaction; the write must still land. */
  async function tombstoneDespiteFirstTransaction(spoil: (tx: ReturnType<typeof redis.multi>) => void) {
    const hash = freshHash();
    const realMulti = redis.multi.bind(redis);
    let calls = 0;
    const multi = vi.spyOn(redis, "multi").mockImplementation((() => {
      const tx = realMulti();
      calls += 1;
      if (calls === 1) spoil(tx);
      return tx;
    }) as typeof redis.multi);
    try {
      await tombstoneSessions([{ sessionToken: hash, absoluteExpires: new Date(Date.now() + HOUR) }]);
      await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 100 });
      await vi.waitFor(async () => expect(await redis.get(cacheKey(hash))).toBe("revoked"), { timeout: 10_000 });
    } finally {
      multi.mockRestore();
    }
  }

  it("retries in the background when a write in the transaction fails", async () => {
    // The first transaction reports a failed command (as Redis does for one it cannot run).
    await tombstoneDespiteFirstTransaction((tx) => {
      const exec = tx.exec.bind(tx);
      tx.exec = (async () => {
        await exec();
        return [[new Error("simulated write error"), null]];
      }) as typeof tx.exec;
    });
  });

  it("retries in the background when the transaction is aborted", async () => {
    await tombstoneDespiteFirstTransaction((tx) => {
      tx.exec = (async () => null) as unknown as typeof tx.exec;
    });
  });
});
