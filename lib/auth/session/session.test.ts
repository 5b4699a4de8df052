import { afterEach, describe, expect, it, vi } from "vitest";
import { insertSignedInUser, insertUser } from "../../testing/fixtures";
import { config } from "../../config";
import { db } from "../../db";
import { redis } from "../../redis";
import { authenticateCookieValue, RENEW_AFTER_SECONDS } from "./authenticate";
import { decodeSessionToken } from "./cookie";
import { createSession, revokeReplacedSession, revokeSession, signOut } from "./registry";
import { signIn } from "./sign-in";
import { sessionTokenHash } from "./store";

const meta = { ip: "192.0.2.50", userAgent: "vitest" };
const DAY = 86_400_000;

const newSession = () => insertSignedInUser({}, meta);

afterEach(async () => {
  vi.useRealTimers();
  if (redis.status !== "ready") await redis.connect().catch(() => undefined);
});

describe("session revocation", () => {
  it("checks a live session without querying the database (Redis hit)", async () => {
    const { cookie } = await newSession();
    await authenticateCookieValue(cookie);
    const spy = vi.spyOn(db.session, "findUnique");
    expect(await authenticateCookieValue(cookie)).not.toBeNull();
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it("refuses a revoked session's cookie on its very next request, even with the cache emptied", async () => {
    const { user, sessionId, cookie } = await newSession();
    expect(await authenticateCookieValue(cookie)).toMatchObject({ userId: user.id, sessionId });
    await revokeSession(user.id, sessionId);
    expect(await authenticateCookieValue(cookie)).toBeNull();
    const claims = (await decodeSessionToken(cookie))!;
    await redis.del(`session:${sessionTokenHash(claims.sid)}`);
    expect(await authenticateCookieValue(cookie)).toBeNull();
  });

  it("rebuilds the cache from the database after a Redis miss", async () => {
    const { sessionId, cookie } = await newSession();
    const claims = await decodeSessionToken(cookie);
    await redis.del(`session:${sessionTokenHash(claims!.sid)}`);
    expect(await authenticateCookieValue(cookie)).toMatchObject({ sessionId });
    expect(await redis.get(`session:${sessionTokenHash(claims!.sid)}`)).toContain(sessionId);
  });

  it("keeps working while Redis is unavailable: live sessions pass, revoked ones are refused, login works", async () => {
    const { user, sessionId, cookie } = await newSession();
    const second = await createSession(user.id, meta);
    redis.disconnect();
    expect(await authenticateCookieValue(cookie)).toMatchObject({ sessionId });
    await signOut(second.sessionId);
    expect(await authenticateCookieValue(second.cookie.value)).toBeNull();
    const signedIn = await signIn({ identifier: user.username, password: user.password }, meta);
    expect(await authenticateCookieValue(signedIn.cookies[0]!.value)).not.toBeNull();
    await redis.connect();
    // The tombstone written while Redis was down is retried in the background.
    await vi.waitFor(async () => expect(await authenticateCookieValue(second.cookie.value)).toBeNull(), {
      timeout: 10_000,
      interval: 200,
    });
    expect(await authenticateCookieValue(cookie)).toMatchObject({ sessionId });
  });

  it("refuses a cookie whose row belongs to another user (claims must match the registry)", async () => {
    const { cookie } = await newSession();
    const other = await insertUser();
    const claims = (await decodeSessionToken(cookie))!;
    const { encodeSessionToken } = await import("./cookie");
    const forged = await encodeSessionToken({ sub: other.id, sid: claims.sid, aexp: claims.aexp }, 600);
    expect(await authenticateCookieValue(forged)).toBeNull();
  });
});

describe("revokeReplacedSession (a new sign-in from the same browser)", () => {
  it("revokes the cookie's session; with a user id, only when the cookie is that user's", async () => {
    const { user, cookie } = await newSession();
    const other = await insertUser();
    await revokeReplacedSession(cookie, other.id);
    expect(await authenticateCookieValue(cookie)).not.toBeNull();
    await revokeReplacedSession(cookie, user.id);
    expect(await authenticateCookieValue(cookie)).toBeNull();

    const second = await newSession();
    await revokeReplacedSession(second.cookie);
    expect(await authenticateCookieValue(second.cookie)).toBeNull();
    await revokeReplacedSession(second.cookie);
    await revokeReplacedSession("garbage");
    await revokeReplacedSession(undefined);
    expect(await db.session.count({ where: { userId: { in: [user.id, second.user.id] } } })).toBe(0);
  });
});

describe("session lifetime", () => {
  it("expires after the idle timeout without activity", async () => {
    const { cookie } = await newSession();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + config.auth.sessionIdleSeconds * 1000 + 60_000);
    expect(await authenticateCookieValue(cookie)).toBeNull();
  });

  it("slides with activity (renewed cookie) but never past the absolute lifetime", async () => {
    const { sessionId, cookie: first } = await newSession();
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    let cookie = first;
    let now = start;
    const step = Math.max(RENEW_AFTER_SECONDS * 1000, 2 * DAY);
    while (now + step < start + config.auth.sessionAbsoluteSeconds * 1000) {
      now += step;
      vi.setSystemTime(now);
      const session = await authenticateCookieValue(cookie);
      expect(session?.sessionId).toBe(sessionId);
      expect(session?.renewedCookie).not.toBeNull();
      expect(session!.renewedCookie!.options.expires.getTime()).toBeLessThanOrEqual(
        start + config.auth.sessionAbsoluteSeconds * 1000 + 1000,
      );
      cookie = session!.renewedCookie!.value;
    }
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.lastSeenAt.getTime()).toBeGreaterThan(start + 20 * DAY);
    vi.setSystemTime(start + config.auth.sessionAbsoluteSeconds * 1000 + 1000);
    expect(await authenticateCookieValue(cookie)).toBeNull();
  });
});
