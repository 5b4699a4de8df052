import bcrypt from "bcryptjs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call, insertUser, logIn, sessionCookieFrom, STRONG_PASSWORD } from "@/lib/testing/fixtures";
import { ADDRESS_FAILURE_LIMIT } from "@/lib/auth/brute-force";
import { DEVICE_COOKIE_NAME } from "@/lib/auth/device-cookie";
import { dummyPasswordHash, passwordComparisons } from "@/lib/auth/password/pool";
import { config } from "@/lib/config";
import { SESSION_COOKIE_NAME, decodeSessionToken } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { GET as me } from "../me/route";
import { POST as login } from "./login/route";
import { POST as logout } from "./logout/route";
import { DELETE as revokeOne } from "./sessions/[id]/route";
import { DELETE as revokeOthers, GET as sessions } from "./sessions/route";

async function signedIn(user: { username: string; password: string }, headers: Record<string, string> = {}) {
  const { status, cookie } = await logIn(login, user.username, user.password, headers);
  expect(status).toBe(200);
  return cookie as string;
}

describe("POST /api/v1/auth/login", () => {
  // The brute-force rules read Date (delays, locks); tests move it instead of waiting.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("signs in by username or email (any casing) and sets an HttpOnly, SameSite=Lax session cookie", async () => {
    const user = await insertUser();
    for (const identifier of [user.username, user.email.toUpperCase(), user.username.toUpperCase()]) {
      const response = await call(login, "POST", "/api/v1/auth/login", {
        body: { identifier, password: user.password },
      });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.user).toMatchObject({
        id: user.id,
        username: user.username,
        email: user.email,
        permissions: [],
        managerId: null,
      });
      expect(body.user.roles).toEqual([expect.objectContaining({ name: "Employee", level: 999 })]);
      const header = response.headers.getSetCookie().find((h) => h.startsWith(`${SESSION_COOKIE_NAME}=`)) as string;
      expect(header).toMatch(/HttpOnly/);
      expect(header).toMatch(/SameSite=Lax/);
      expect(header).toMatch(/Path=\//);
      expect(sessionCookieFrom(response)?.split(".")).toHaveLength(5);
    }
  });

  it("creates a new session id at every login (no fixation) and records user agent and IP", async () => {
    const user = await insertUser();
    const a = await signedIn(user, { "user-agent": "Agent A" });
    const b = await signedIn(user, { "user-agent": "Agent B" });
    const [ca, cb] = [await decodeSessionToken(a), await decodeSessionToken(b)];
    expect(ca?.sid).not.toBe(cb?.sid);
    const rows = await db.session.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.userAgent, r.ip])).toEqual([
      ["Agent A", "198.51.100.7"],
      ["Agent B", "198.51.100.7"],
    ]);
    expect(rows[0]!.absoluteExpires.getTime() - rows[0]!.createdAt.getTime()).toBeGreaterThan(29.9 * 86_400_000);
  });

  it("answers an unknown identifier and a wrong password with the same 401 invalid_credentials", async () => {
    const user = await insertUser();
    const wrong = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: user.username, password: "Wrong-password-1" },
    });
    const unknown = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: "nobody-here", password: "Wrong-password-1" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a).toEqual(b);
    expect(a.code).toBe("invalid_credentials");
    expect(sessionCookieFrom(wrong)).toBeNull();
  });

  it("runs exactly one bcrypt comparison of the same cost for an unknown identifier as for a wrong password", async () => {
    // Equal work, not a stopwatch: both paths cost one comparison against a hash at BCRYPT_COST
    // (the unknown one against a dummy hash); `npm run bench -- accounts` measures the times.
    const user = await insertUser();
    const comparisonsFor = async (identifier: string, ip: string) => {
      const before = passwordComparisons();
      const response = await call(login, "POST", "/api/v1/auth/login", {
        body: { identifier, password: "Wrong-password-1" },
        headers: { "x-forwarded-for": ip },
      });
      return { status: response.status, body: await response.json(), comparisons: passwordComparisons() - before };
    };
    const known = await comparisonsFor(user.username, "203.0.113.1");
    const unknown = await comparisonsFor("nobody-at-all", "203.0.113.2");
    expect(known.comparisons).toBe(1);
    expect(unknown.comparisons).toBe(1);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(bcrypt.getRounds(await dummyPasswordHash())).toBe(config.auth.bcryptCost);
  });

  it("refuses the right password of an account that is not activated with 403 account_not_activated", async () => {
    const user = await insertUser({ isActive: false });
    const response = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: user.email, password: user.password },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).code).toBe("account_not_activated");
  });

  it(`after ${ADDRESS_FAILURE_LIMIT} failures, refuses that account from that IP with 429 + Retry-After; another IP may try once the account's delay has passed`, async () => {
    const user = await insertUser();
    const attempt = (password: string, ip: string) =>
      call(login, "POST", "/api/v1/auth/login", {
        body: { identifier: user.username, password },
        headers: { "x-forwarded-for": ip },
      });
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++)
      expect((await attempt("Wrong-password-1", "192.0.2.1")).status).toBe(401);
    const blocked = await attempt(user.password, "192.0.2.1");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await blocked.json()).code).toBe("rate_limited");
    // The account's own budget delays every address for a while after these failures...
    expect((await attempt(user.password, "192.0.2.2")).status).toBe(429);
    vi.setSystemTime(Date.now() + 16 * 60 * 1000);
    // ...then another address gets in, while this one stays refused until its window ends.
    expect((await attempt(user.password, "192.0.2.1")).status).toBe(429);
    expect((await attempt(user.password, "192.0.2.2")).status).toBe(200);
  });

  it("over the limit, answers an unknown identifier exactly like a real account (status, body, Retry-After)", async () => {
    const user = await insertUser();
    const attempt = async (identifier: string, ip: string) => {
      const response = await call(login, "POST", "/api/v1/auth/login", {
        body: { identifier, password: "Wrong-password-1" },
        headers: { "x-forwarded-for": ip },
      });
      return {
        status: response.status,
        body: await response.json(),
        retryAfter: response.headers.get("retry-after"),
        contentType: response.headers.get("content-type"),
      };
    };
    // Through the address limit, the account's delay and its lock, step by step.
    for (let i = 0; i < 25; i++) {
      const ip = `192.0.2.${50 + (i % 7)}`;
      const [known, unknown] = [await attempt(user.username, ip), await attempt("ghost-user", ip)];
      expect(unknown).toEqual(known);
      vi.setSystemTime(Date.now() + (i % 3 === 0 ? 2_000 : 5 * 60 * 1000));
    }
    const last = await attempt("ghost-user", "192.0.2.99");
    expect(last.status).toBe(429);
    expect(last.body.code).toBe("rate_limited");
  });

  it("refuses a disabled account with 403 account_disabled after the right password, and 401 after a wrong one", async () => {
    const user = await insertUser();
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date(), isActive: false } });
    const right = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: user.username, password: user.password },
    });
    expect(right.status).toBe(403);
    expect((await right.json()).code).toBe("account_disabled");
    expect(sessionCookieFrom(right)).toBeNull();
    expect(right.headers.getSetCookie().join()).not.toContain(DEVICE_COOKIE_NAME);
    const wrong = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: user.username, password: "Wrong-password-1" },
    });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).code).toBe("invalid_credentials");
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("sets a long-lived HttpOnly device cookie that logout keeps and that signs the owner in through a lockout", async () => {
    const user = await insertUser();
    const response = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: user.username, password: user.password },
    });
    const header = response.headers.getSetCookie().find((h) => h.startsWith(`${DEVICE_COOKIE_NAME}=`)) as string;
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(Number(/Max-Age=(\d+)/.exec(header)?.[1])).toBeGreaterThanOrEqual(365 * 86_400);
    const device = header.split(";")[0]!.slice(DEVICE_COOKIE_NAME.length + 1);
    const session = sessionCookieFrom(response) as string;
    const out = await call(logout, "POST", "/api/v1/auth/logout", { cookie: session });
    expect(out.headers.getSetCookie().join()).not.toContain(DEVICE_COOKIE_NAME);

    // A stranger locks the account from many addresses.
    for (let i = 0; i < config.auth.lockoutThreshold; i++) {
      await call(login, "POST", "/api/v1/auth/login", {
        body: { identifier: user.username, password: "Wrong-password-1" },
        headers: { "x-forwarded-for": `192.0.2.${120 + i}` },
      });
      vi.setSystemTime(Date.now() + 16 * 60 * 1000);
    }
    const body = { identifier: user.username, password: user.password };
    expect((await call(login, "POST", "/api/v1/auth/login", { body })).status).toBe(429);
    const owner = await call(login, "POST", "/api/v1/auth/login", {
      body,
      headers: { cookie: `${DEVICE_COOKIE_NAME}=${device}` },
    });
    expect(owner.status).toBe(200);
    expect(owner.headers.getSetCookie().some((h) => h.startsWith(`${DEVICE_COOKIE_NAME}=`))).toBe(true);
  });

  it("refuses a cross-site login (login CSRF) and malformed bodies", async () => {
    const user = await insertUser();
    const cross = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: user.username, password: user.password },
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(cross.status).toBe(403);
    for (const body of [
      { identifier: 1, password: 2 },
      { identifier: "x".repeat(100_00), password: "p" },
      { identifier: "a\u0000b", password: "p" },
      {},
    ]) {
      expect((await call(login, "POST", "/api/v1/auth/login", { body })).status).toBe(400);
    }
  });
});

describe("sessions", () => {
  it("logout revokes the session server-side: the old cookie gets 401 afterwards, and the cookie is cleared", async () => {
    const user = await insertUser();
    const cookie = await signedIn(user);
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(200);
    const out = await call(logout, "POST", "/api/v1/auth/logout", { cookie });
    expect(out.status).toBe(204);
    expect(sessionCookieFrom(out)).toBe("");
    expect(out.headers.getSetCookie().join()).toMatch(/Max-Age=0/);
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(401);
    expect((await call(logout, "POST", "/api/v1/auth/logout", { cookie })).status).toBe(401);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses a cross-site logout with a valid cookie (403) and keeps the session", async () => {
    const user = await insertUser();
    const cookie = await signedIn(user);
    const response = await call(logout, "POST", "/api/v1/auth/logout", {
      cookie,
      headers: { origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).code).toBe("cross_site_request");
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(200);
  });

  it("lists the caller's live sessions with the current one marked", async () => {
    const user = await insertUser();
    const other = await insertUser();
    await signedIn(other);
    await signedIn(user, { "user-agent": "Phone" });
    const cookie = await signedIn(user, { "user-agent": "Laptop" });
    const response = await call(sessions, "GET", "/api/v1/auth/sessions", { cookie });
    expect(response.status).toBe(200);
    const { items } = await response.json();
    expect(items).toHaveLength(2);
    expect(items.find((s: { current: boolean }) => s.current)).toMatchObject({
      userAgent: "Laptop",
      ip: "198.51.100.7",
    });
    for (const item of items)
      expect(Object.keys(item).sort()).toEqual(["createdAt", "current", "id", "ip", "kind", "lastSeenAt", "userAgent"]);
  });

  it("lists only live sessions: idle-expired and absolutely-expired ones are left out", async () => {
    const user = await insertUser();
    await signedIn(user, { "user-agent": "Idle" });
    await signedIn(user, { "user-agent": "Old" });
    const cookie = await signedIn(user, { "user-agent": "Live" });
    const past = new Date(Date.now() - 1000);
    const rows = await db.session.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    await db.session.update({ where: { id: rows[0]!.id }, data: { expires: past } });
    await db.session.update({ where: { id: rows[1]!.id }, data: { absoluteExpires: past } });
    const { items } = await (await call(sessions, "GET", "/api/v1/auth/sessions", { cookie })).json();
    expect(items.map((s: { userAgent: string }) => s.userAgent)).toEqual(["Live"]);
  });

  it("revokes one session (its cookie is refused on the next request) and answers 404 for another user's", async () => {
    const user = await insertUser();
    const other = await insertUser();
    const phone = await signedIn(user);
    const laptop = await signedIn(user);
    const foreign = await signedIn(other);
    const { items } = await (await call(sessions, "GET", "/api/v1/auth/sessions", { cookie: laptop })).json();
    const phoneId = items.find((s: { current: boolean }) => !s.current).id;
    const { items: foreignItems } = await (
      await call(sessions, "GET", "/api/v1/auth/sessions", { cookie: foreign })
    ).json();

    expect(
      (
        await call(revokeOne, "DELETE", `/api/v1/auth/sessions/${foreignItems[0].id}`, {
          cookie: laptop,
          params: { id: foreignItems[0].id },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(revokeOne, "DELETE", "/api/v1/auth/sessions/nope", { cookie: laptop, params: { id: "nope" } }))
        .status,
    ).toBe(404);
    expect(
      (await call(revokeOne, "DELETE", `/api/v1/auth/sessions/${phoneId}`, { cookie: laptop, params: { id: phoneId } }))
        .status,
    ).toBe(204);
    expect((await call(me, "GET", "/api/v1/me", { cookie: phone })).status).toBe(401);
    expect((await call(me, "GET", "/api/v1/me", { cookie: laptop })).status).toBe(200);
    expect((await call(me, "GET", "/api/v1/me", { cookie: foreign })).status).toBe(200);
    const cross = await call(revokeOne, "DELETE", `/api/v1/auth/sessions/${phoneId}`, {
      cookie: laptop,
      params: { id: phoneId },
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(cross.status).toBe(403);
  });

  it("revoking the caller's own session by id is a logout: 204, the cookie is cleared and refused afterwards", async () => {
    const user = await insertUser();
    const cookie = await signedIn(user);
    const { items } = await (await call(sessions, "GET", "/api/v1/auth/sessions", { cookie })).json();
    const ownId = items.find((s: { current: boolean }) => s.current).id;
    const response = await call(revokeOne, "DELETE", `/api/v1/auth/sessions/${ownId}`, {
      cookie,
      params: { id: ownId },
    });
    expect(response.status).toBe(204);
    expect(sessionCookieFrom(response)).toBe("");
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(401);
    // Ids that cannot name a session are simply not one: too long, or bytes the database refuses (a NUL was a 500).
    for (const id of ["x".repeat(65), "abc\u0000def", "abc%00", "../x", " "]) {
      const response = await call(revokeOne, "DELETE", `/api/v1/auth/sessions/${encodeURIComponent(id)}`, {
        cookie: await signedIn(user),
        params: { id },
      });
      expect(response.status, JSON.stringify(id)).toBe(404);
    }
  });

  it("signs out everywhere else, keeping the current session", async () => {
    const user = await insertUser();
    const others = [await signedIn(user), await signedIn(user)];
    const current = await signedIn(user);
    expect((await call(revokeOthers, "DELETE", "/api/v1/auth/sessions", { cookie: current })).status).toBe(204);
    for (const cookie of others) expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(401);
    expect((await call(me, "GET", "/api/v1/me", { cookie: current })).status).toBe(200);
    expect(
      (
        await call(revokeOthers, "DELETE", "/api/v1/auth/sessions", {
          cookie: current,
          headers: { origin: "https://evil.example" },
        })
      ).status,
    ).toBe(403);
  });

  it("answers 401 without a cookie and with a forged or garbage one", async () => {
    expect((await call(me, "GET", "/api/v1/me")).status).toBe(401);
    expect((await call(me, "GET", "/api/v1/me", { cookie: "garbage" })).status).toBe(401);
    expect((await call(sessions, "GET", "/api/v1/auth/sessions", { cookie: "a.b.c.d.e" })).status).toBe(401);
    expect((await call(me, "GET", "/api/v1/me", { cookie: "x".repeat(5000) })).status).toBe(401);
  });

  it("signing in again from the same browser replaces its previous session", async () => {
    const user = await insertUser();
    const first = await signedIn(user);
    const second = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: user.username, password: STRONG_PASSWORD },
      cookie: first,
    });
    expect(second.status).toBe(200);
    expect((await call(me, "GET", "/api/v1/me", { cookie: first })).status).toBe(401);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("GET /api/v1/auth/sessions", () => {
  it("answers with exactly the body the OpenAPI document publishes", async () => {
    const user = await insertUser();
    const { cookie } = await logIn(login, user.username, user.password);
    const body = await expectDocumentedResponse(
      await call(sessions, "GET", "/api/v1/auth/sessions", { cookie }),
      "/api/v1/auth/sessions",
    );
    expect(body).toMatchObject({ items: [{ current: true }] });
    await expectDocumentedResponse(await call(sessions, "GET", "/api/v1/auth/sessions"), "/api/v1/auth/sessions");
  });
});
