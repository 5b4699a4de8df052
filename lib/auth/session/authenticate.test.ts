import { afterEach, describe, expect, it, vi } from "vitest";
import { config } from "../../config";
import { db } from "../../db";
import { redis } from "../../redis";
import { insertSignedInUser } from "../../testing/fixtures";
import {
  authenticateClaims,
  authenticateCookieValue,
  authenticateRequest,
  isRenewalDue,
  RENEW_AFTER_SECONDS,
  sessionCookieValue,
} from "./authenticate";
import { decodeSessionToken, SESSION_COOKIE_NAME } from "./cookie";
import { sessionTokenHash } from "./store";

const MINUTE = 60_000;

afterEach(() => {
  vi.useRealTimers();
});

async function lastSeen(sessionId: string) {
  return (await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt.getTime();
}

describe("reading the session cookie from a Cookie header", () => {
  it("finds it among other cookies, trimmed", () => {
    expect(sessionCookieValue(`theme=dark;  ${SESSION_COOKIE_NAME}=abc.def ; other=1`)).toBe("abc.def");
  });

  it("ignores cookies whose name only resembles it, nameless values, and missing headers", () => {
    expect(sessionCookieValue(`x${SESSION_COOKIE_NAME}=forged; ${SESSION_COOKIE_NAME}x=forged`)).toBeNull();
    expect(sessionCookieValue(`=${SESSION_COOKIE_NAME}=forged`)).toBeNull();
    expect(sessionCookieValue(`${SESSION_COOKIE_NAME}x`)).toBeNull();
    expect(sessionCookieValue("theme=dark")).toBeNull();
    expect(sessionCookieValue("")).toBeNull();
    expect(sessionCookieValue(null)).toBeNull();
  });
});

describe("when the cookie is re-issued (sliding renewal)", () => {
  it(`is due once the cookie is RENEW_AFTER_SECONDS (${RENEW_AFTER_SECONDS} s) old, not a second earlier`, () => {
    const iat = 1_700_000_000;
    const claims = { sub: "u", sid: "s", aexp: iat + 10 * 86_400, iat };
    expect(isRenewalDue(claims, (iat + RENEW_AFTER_SECONDS - 1) * 1000)).toBe(false);
    expect(isRenewalDue(claims, (iat + RENEW_AFTER_SECONDS) * 1000)).toBe(true);
    expect(isRenewalDue({ sub: "u", sid: "s", aexp: iat }, Date.now())).toBe(false);
  });

  it("is a seventh of the idle timeout, at most a day and at least a minute", async () => {
    // With the default 7-day idle timeout the two bounds coincide: check other settings too.
    expect(RENEW_AFTER_SECONDS).toBe(Math.min(86_400, Math.floor(config.auth.sessionIdleSeconds / 7)));
    const renewAfter = async (idleDays: string) => {
      const previous = process.env.SESSION_IDLE_DAYS;
      process.env.SESSION_IDLE_DAYS = idleDays;
      vi.resetModules();
      try {
        return (await import("./authenticate")).RENEW_AFTER_SECONDS;
      } finally {
        if (previous === undefined) delete process.env.SESSION_IDLE_DAYS;
        else process.env.SESSION_IDLE_DAYS = previous;
        vi.resetModules();
      }
    };
    expect(await renewAfter("1")).toBe(12_342);
    expect(await renewAfter("14")).toBe(86_400);
  });
});

describe("authenticating a cookie", () => {
  it("refuses a missing or empty cookie", async () => {
    expect(await authenticateCookieValue(undefined)).toBeNull();
    expect(await authenticateCookieValue("")).toBeNull();
    expect(await authenticateCookieValue(null)).toBeNull();
  });

  it("returns the session's ids, absolute expiry and sign-in time, without a renewed cookie while fresh", async () => {
    const { user, sessionId, cookie } = await insertSignedInUser();
    const claims = (await decodeSessionToken(cookie))!;
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(await authenticateCookieValue(cookie)).toEqual({
      userId: user.id,
      sessionId,
      tokenHash: sessionTokenHash(claims.sid),
      absoluteExpiresAt: row.absoluteExpires,
      authenticatedAt: row.authenticatedAt,
      via: "cookie",
      renewedCookie: null,
    });
  });

  it("reads the cookie of a route-handler request", async () => {
    const { sessionId, cookie } = await insertSignedInUser();
    const request = new Request("http://localhost/", { headers: { cookie: `${SESSION_COOKIE_NAME}=${cookie}` } });
    expect(await authenticateRequest(request)).toMatchObject({ sessionId });
    expect(await authenticateRequest(new Request("http://localhost/"))).toBeNull();
  });

  it("a session cached before the sign-in time was recorded counts as signed in long ago", async () => {
    const { cookie } = await insertSignedInUser();
    const claims = (await decodeSessionToken(cookie))!;
    const key = `session:${sessionTokenHash(claims.sid)}`;
    const record = JSON.parse((await redis.get(key))!) as Record<string, unknown>;
    delete record.auth;
    await redis.set(key, JSON.stringify(record), "EX", 600);
    expect((await authenticateCookieValue(cookie))?.authenticatedAt.getTime()).toBe(0);
  });
});

describe("recording activity", () => {
  it("writes the last activity at most every five minutes", async () => {
    const { sessionId, cookie } = await insertSignedInUser();
    const start = await lastSeen(sessionId);
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    vi.setSystemTime(start + 4 * MINUTE);
    expect(await authenticateCookieValue(cookie)).not.toBeNull();
    expect(await lastSeen(sessionId)).toBe(start);
    vi.setSystemTime(start + 5 * MINUTE);
    const session = await authenticateCookieValue(cookie);
    expect(await lastSeen(sessionId)).toBe(start + 5 * MINUTE);
    // Activity alone does not re-issue the cookie.
    expect(session?.renewedCookie).toBeNull();
    // The cache learnt of that write: the next minutes write nothing.
    vi.setSystemTime(start + 9 * MINUTE);
    await authenticateCookieValue(cookie);
    expect(await lastSeen(sessionId)).toBe(start + 5 * MINUTE);
  });

  it("refuses a session whose row is gone although the cache still holds it", async () => {
    const { sessionId, cookie } = await insertSignedInUser();
    const start = await lastSeen(sessionId);
    await db.session.delete({ where: { id: sessionId } });
    vi.useFakeTimers({ toFake: ["Date"], now: start + 6 * MINUTE });
    expect(await authenticateCookieValue(cookie)).toBeNull();
  });

  it("does not sign anyone out when the activity cannot be written", async () => {
    const { sessionId, cookie } = await insertSignedInUser();
    const start = await lastSeen(sessionId);
    vi.useFakeTimers({ toFake: ["Date"], now: start + (RENEW_AFTER_SECONDS + 60) * 1000 });
    const write = vi.spyOn(db.session, "updateMany").mockRejectedValueOnce(new Error("database unreachable"));
    try {
      const session = await authenticateCookieValue(cookie);
      expect(session).toMatchObject({ sessionId, renewedCookie: null });
      expect(write).toHaveBeenCalledTimes(1);
    } finally {
      write.mockRestore();
    }
  });

  it("re-issues the cookie when renewal is due, for the same session id and absolute expiry", async () => {
    const { user, sessionId, cookie } = await insertSignedInUser();
    const claims = (await decodeSessionToken(cookie))!;
    const start = await lastSeen(sessionId);
    vi.useFakeTimers({ toFake: ["Date"], now: start + (RENEW_AFTER_SECONDS + 60) * 1000 });
    const session = (await authenticateClaims(claims))!;
    const renewed = (await decodeSessionToken(session.renewedCookie!.value))!;
    expect(renewed).toMatchObject({ sub: user.id, sid: claims.sid, aexp: claims.aexp });
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.renewedCookie!.options.expires).toEqual(row.expires);
  });
});
