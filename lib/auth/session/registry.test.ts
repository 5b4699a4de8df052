import { afterEach, describe, expect, it, vi } from "vitest";
import { config } from "../../config";
import { db } from "../../db";
import { insertSignedInUser, insertUser } from "../../testing/fixtures";
import { authenticateCookieValue } from "./authenticate";
import { decodeSessionToken, SESSION_COOKIE_NAME } from "./cookie";
import {
  buildSessionCookie,
  clearedSessionCookie,
  cookieExpiry,
  createSession,
  listSessions,
  registerSession,
  revokeAllSessions,
  revokeOtherSessions,
  revokeSession,
  revokeSessionBySid,
  signOut,
  touchSession,
} from "./registry";
import { lookupSession, sessionTokenHash } from "./store";

const META = { ip: "192.0.2.90", userAgent: "registry-test" };
const IDLE_MS = config.auth.sessionIdleSeconds * 1000;
const ABSOLUTE_MS = config.auth.sessionAbsoluteSeconds * 1000;

afterEach(() => {
  vi.useRealTimers();
});

/** Which of these session rows still exist (sorted): the cache alone would not show a row deleted by mistake. */
async function liveRows(ids: string[]): Promise<string[]> {
  const rows = await db.session.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return rows.map((r) => r.id).sort();
}

describe("cookie lifetime", () => {
  it("is the idle timeout, never past the absolute expiry", () => {
    const now = 1_800_000_000_000;
    expect(cookieExpiry(new Date(now + 10 * IDLE_MS), now)).toEqual(new Date(now + IDLE_MS));
    expect(cookieExpiry(new Date(now + 1_000), now)).toEqual(new Date(now + 1_000));
  });

  it("a built cookie carries the user, the session id and the absolute expiry, and expires with the idle expiry", async () => {
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now });
    const expires = new Date(now + 90_500);
    const absolute = new Date(now + 10 * 86_400_000 + 999);
    const cookie = await buildSessionCookie("user-1", "sid-1", expires, absolute);
    expect(cookie.name).toBe(SESSION_COOKIE_NAME);
    expect(cookie.options).toMatchObject({ expires, httpOnly: true, path: "/", sameSite: "lax" });
    const claims = (await decodeSessionToken(cookie.value))!;
    expect(claims).toMatchObject({ sub: "user-1", sid: "sid-1", aexp: Math.floor(absolute.getTime() / 1000) });
    expect(claims.exp! - claims.iat!).toBe(90);
  });

  it("a cookie built for a moment already past still gets a one-second lifetime, not a negative one", async () => {
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now });
    const cookie = await buildSessionCookie("user-1", "sid-1", new Date(now - 60_000), new Date(now + 86_400_000));
    const claims = (await decodeSessionToken(cookie.value))!;
    expect(claims.exp! - claims.iat!).toBe(1);
  });

  it("the cleared cookie deletes the session cookie in the browser", () => {
    expect(clearedSessionCookie()).toEqual({
      name: SESSION_COOKIE_NAME,
      value: "",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: false, expires: new Date(0), maxAge: 0 },
    });
  });
});

describe("registering a session", () => {
  it("stores the browser, the address and the times of the sign-in, and caches the record", async () => {
    const user = await insertUser();
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now });
    const { sessionId, sid, expires, absoluteExpires } = await registerSession(user.id, META);
    expect(absoluteExpires).toEqual(new Date(now + ABSOLUTE_MS));
    expect(expires).toEqual(new Date(now + IDLE_MS));
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row).toMatchObject({
      sessionToken: sessionTokenHash(sid),
      userId: user.id,
      expires,
      absoluteExpires,
      ip: META.ip,
      userAgent: META.userAgent,
      lastSeenAt: new Date(now),
      authenticatedAt: new Date(now),
    });
    expect(await lookupSession(sessionTokenHash(sid))).toEqual({
      id: sessionId,
      userId: user.id,
      exp: expires.getTime(),
      aexp: absoluteExpires.getTime(),
      seen: now,
      auth: now,
    });
  });

  it("gives every sign-in a new random session id", async () => {
    const user = await insertUser();
    const first = await registerSession(user.id, META);
    const second = await registerSession(user.id, META);
    expect(first.sid).not.toBe(second.sid);
    expect(first.sid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("createSession returns the row id and a cookie for that session", async () => {
    const user = await insertUser();
    const { sessionId, cookie } = await createSession(user.id, META);
    expect(await authenticateCookieValue(cookie.value)).toMatchObject({ userId: user.id, sessionId });
  });
});

describe("listing sessions", () => {
  it("lists only the user's live sessions, most recent activity first, marking the caller's own", async () => {
    const user = await insertUser();
    const other = await insertUser();
    const a = await createSession(user.id, { ip: "192.0.2.1", userAgent: "A" });
    const b = await createSession(user.id, { ip: "192.0.2.2", userAgent: "B" });
    const idle = await createSession(user.id, META);
    const ended = await createSession(user.id, META);
    await createSession(other.id, META);
    const now = Date.now();
    await db.session.update({ where: { id: a.sessionId }, data: { lastSeenAt: new Date(now - 1_000) } });
    await db.session.update({ where: { id: b.sessionId }, data: { lastSeenAt: new Date(now - 60_000) } });
    await db.session.update({ where: { id: idle.sessionId }, data: { expires: new Date(now - 1_000) } });
    await db.session.update({ where: { id: ended.sessionId }, data: { absoluteExpires: new Date(now - 1_000) } });
    const rows = await db.session.findMany({ where: { id: { in: [a.sessionId, b.sessionId] } } });
    const created = (id: string) => rows.find((r) => r.id === id)!.createdAt.toISOString();

    expect(await listSessions(user.id, b.sessionId)).toEqual([
      {
        id: a.sessionId,
        kind: "browser",
        createdAt: created(a.sessionId),
        lastSeenAt: new Date(now - 1_000).toISOString(),
        userAgent: "A",
        ip: "192.0.2.1",
        current: false,
      },
      {
        id: b.sessionId,
        kind: "browser",
        createdAt: created(b.sessionId),
        lastSeenAt: new Date(now - 60_000).toISOString(),
        userAgent: "B",
        ip: "192.0.2.2",
        current: true,
      },
    ]);
  });

  it("orders sessions with the same last activity newest first", async () => {
    const user = await insertUser();
    const older = await createSession(user.id, META);
    const newer = await createSession(user.id, META);
    const seen = new Date();
    await db.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: seen } });
    await db.session.update({ where: { id: older.sessionId }, data: { createdAt: new Date(Date.now() - 60_000) } });
    expect((await listSessions(user.id, null)).map((s) => s.id)).toEqual([newer.sessionId, older.sessionId]);
  });
});

describe("revoking sessions", () => {
  it("revokes one of the user's own sessions; another user's session is 404 and stays alive", async () => {
    const { user, sessionId, cookie } = await insertSignedInUser({}, META);
    const other = await insertSignedInUser({}, META);
    await expect(revokeSession(user.id, other.sessionId)).rejects.toMatchObject({
      code: "not_found",
      status: 404,
      message: "No such session.",
    });
    expect(await authenticateCookieValue(other.cookie)).not.toBeNull();
    await revokeSession(user.id, sessionId);
    expect(await authenticateCookieValue(cookie)).toBeNull();
    expect(await liveRows([sessionId, other.sessionId])).toEqual([other.sessionId]);
    await expect(revokeSession(user.id, sessionId)).rejects.toMatchObject({ code: "not_found" });
  });

  it("signs out everywhere else: every other session of the user, counted, and no one else's", async () => {
    const { user, sessionId, cookie } = await insertSignedInUser({}, META);
    const second = await createSession(user.id, META);
    const third = await createSession(user.id, META);
    const stranger = await insertSignedInUser({}, META);
    expect(await revokeOtherSessions(user.id, sessionId)).toBe(2);
    expect(await authenticateCookieValue(cookie)).not.toBeNull();
    expect(await authenticateCookieValue(second.cookie.value)).toBeNull();
    expect(await authenticateCookieValue(third.cookie.value)).toBeNull();
    expect(await authenticateCookieValue(stranger.cookie)).not.toBeNull();
    expect(await liveRows([sessionId, second.sessionId, third.sessionId, stranger.sessionId])).toEqual(
      [sessionId, stranger.sessionId].sort(),
    );
    expect(await revokeOtherSessions(user.id, sessionId)).toBe(0);
  });

  it("revokes every session of the user (password reset, account disabled), counted", async () => {
    const { user, cookie } = await insertSignedInUser({}, META);
    const second = await createSession(user.id, META);
    const stranger = await insertSignedInUser({}, META);
    expect(await revokeAllSessions(user.id)).toBe(2);
    expect(await liveRows([stranger.sessionId])).toEqual([stranger.sessionId]);
    expect(await authenticateCookieValue(cookie)).toBeNull();
    expect(await authenticateCookieValue(second.cookie.value)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("signing out revokes this session only, and again is a no-op", async () => {
    const { user, sessionId, cookie } = await insertSignedInUser({}, META);
    const second = await createSession(user.id, META);
    await signOut(sessionId);
    await signOut(sessionId);
    expect(await authenticateCookieValue(cookie)).toBeNull();
    expect(await liveRows([sessionId, second.sessionId])).toEqual([second.sessionId]);
  });

  it("revokes the session a cookie's session id belongs to (Auth.js sign-out), and only that one", async () => {
    const { user, cookie } = await insertSignedInUser({}, META);
    const second = await createSession(user.id, META);
    await revokeSessionBySid((await decodeSessionToken(cookie))!.sid);
    expect(await authenticateCookieValue(cookie)).toBeNull();
    expect(await authenticateCookieValue(second.cookie.value)).not.toBeNull();
    expect(await liveRows([second.sessionId])).toEqual([second.sessionId]);
  });
});

describe("recording activity on a session", () => {
  it("moves the idle expiry forward, never past the absolute one, and caches the new record", async () => {
    const { user, sessionId, cookie } = await insertSignedInUser({}, META);
    const hash = sessionTokenHash((await decodeSessionToken(cookie))!.sid);
    const now = Date.now() + 60_000;
    vi.useFakeTimers({ toFake: ["Date"], now });
    const aexp = now + 1_000;
    const touched = await touchSession(hash, { id: sessionId, userId: user.id, exp: now, aexp, seen: 0, auth: 42 });
    expect(touched).toEqual({ expires: new Date(aexp) });
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.expires).toEqual(new Date(aexp));
    expect(row.lastSeenAt).toEqual(new Date(now));
    expect(await lookupSession(hash)).toEqual({ id: sessionId, userId: user.id, exp: aexp, aexp, seen: now, auth: 42 });
  });

  it("reports a session whose row is gone", async () => {
    expect(
      await touchSession("no-such-hash", {
        id: "no-such-row",
        userId: "u",
        exp: Date.now(),
        aexp: Date.now() + 60_000,
        seen: 0,
        auth: 0,
      }),
    ).toBeNull();
  });
});
