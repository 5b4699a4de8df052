import { describe, expect, it, vi } from "vitest";
import { ACCOUNTS_COOKIE_NAME, MAX_ACCOUNTS, SESSION_COOKIE_NAME } from "@/lib/auth/session";
import { createSession } from "@/lib/auth/session/registry";
import { encodeAccounts } from "@/lib/auth/session/accounts-cookie";
import { db } from "@/lib/db";
import { requestIdentity } from "@/lib/ratelimit";
import { call, insertUser, STRONG_PASSWORD } from "@/lib/testing/fixtures";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { POST as switchAccount } from "@/app/account/switch/route";
import { POST as browserLogout } from "@/app/logout/route";
import { GET as me } from "../me/route";
import { insertUserWithTotp, totpCodeAt } from "@/lib/auth/mfa/test-fixtures";
import { POST as login } from "./login/route";
import { POST as verify } from "./login/verify/route";
import { POST as changePassword } from "./password/change/route";
import { POST as logout } from "./logout/route";
import { DELETE as revokeOne } from "./sessions/[id]/route";
import { GET as sessions } from "./sessions/route";
import { POST as token } from "./token/route";

type User = Awaited<ReturnType<typeof insertUser>>;

/** A browser's cookies: what the responses set, sent back on the next request. */
class Browser {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  take(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async send(
    handler: Parameters<typeof call>[0],
    method: string,
    path: string,
    options: { body?: unknown; raw?: string; headers?: Record<string, string>; params?: Record<string, string> } = {},
  ): Promise<Response> {
    return this.take(
      await call(handler, method, path, { ...options, headers: { cookie: this.header(), ...options.headers } }),
    );
  }

  async signIn(user: User, addAccount?: boolean): Promise<Response> {
    const body = {
      identifier: user.username,
      password: user.password,
      ...(addAccount === undefined ? {} : { addAccount }),
    };
    return this.send(login, "POST", "/api/v1/auth/login", { body });
  }

  /** Who GET /api/v1/me says is calling (null when it answers 401), optionally as `actingAs`. */
  async whoAmI(actingAs?: string): Promise<string | null> {
    const response = await this.send(me, "GET", "/api/v1/me", {
      headers: actingAs === undefined ? {} : { "x-active-user": actingAs },
    });
    if (response.status === 401) return null;
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }

  copy(): Browser {
    const other = new Browser();
    for (const [name, value] of this.cookies) other.cookies.set(name, value);
    return other;
  }
}

async function browserWith(...users: User[]): Promise<Browser> {
  const browser = new Browser();
  for (const [index, user] of users.entries()) expect((await browser.signIn(user, index > 0)).status).toBe(200);
  return browser;
}

const liveSessionCount = (userId: string) => db.session.count({ where: { userId } });

describe("several accounts in one browser", () => {
  it("adds an account with addAccount: both stay signed in, the new one is active, X-Active-User picks the other", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann);
    const added = await browser.signIn(bob, true);
    expect(added.status).toBe(200);
    await expectDocumentedResponse(added, "/api/v1/auth/login", "post");
    const accountsCookie = added.headers.getSetCookie().find((line) => line.startsWith(`${ACCOUNTS_COOKIE_NAME}=`));
    expect(accountsCookie).toMatch(/HttpOnly/);
    expect(accountsCookie).toMatch(/SameSite=Lax/);
    expect(accountsCookie).toMatch(/Path=\//);

    expect(await browser.whoAmI()).toBe(bob.id);
    expect(await browser.whoAmI(bob.id)).toBe(bob.id);
    expect(await browser.whoAmI(ann.id)).toBe(ann.id);
    // Each account's own session list marks its own session as the current one.
    const annSessions = await browser.send(sessions, "GET", "/api/v1/auth/sessions", {
      headers: { "x-active-user": ann.id },
    });
    const listed = (await annSessions.json()) as { items: { id: string; current: boolean }[] };
    const annSession = await db.session.findFirstOrThrow({ where: { userId: ann.id }, select: { id: true } });
    expect(listed.items.filter((session) => session.current).map((session) => session.id)).toEqual([annSession.id]);
  });

  it("adds an account with a second factor: addAccount goes with the second step", async () => {
    const ann = await insertUser();
    const { user: bob, secret } = await insertUserWithTotp();
    const browser = await browserWith(ann);
    const first = await browser.signIn({ ...bob, password: STRONG_PASSWORD }, true);
    expect(first.status).toBe(403);
    const { mfaToken } = (await first.json()) as { mfaToken: string };
    const code = await totpCodeAt(secret, Date.now());
    const second = await browser.send(verify, "POST", "/api/v1/auth/login/verify", {
      body: { mfaToken, code, addAccount: true },
    });
    expect(second.status).toBe(200);
    expect(await browser.whoAmI()).toBe(bob.id);
    expect(await browser.whoAmI(ann.id)).toBe(ann.id);
  });

  it("answers 401 for an X-Active-User that is not signed in in this browser, however it is written", async () => {
    const [ann, bob, carol] = [await insertUser(), await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    // Carol is signed in, but in another browser.
    await browserWith(carol);
    for (const hostile of [carol.id, "", "unknown", `${ann.id}, ${bob.id}`, "x".repeat(5000), "%00", "' OR 1=1 --"]) {
      const response = await browser.send(me, "GET", "/api/v1/me", { headers: { "x-active-user": hostile } });
      expect(response.status, JSON.stringify(hostile)).toBe(401);
      await expectDocumentedResponse(response, "/api/v1/me");
    }
  });

  it("a plain sign-in replaces every account of the browser: their sessions are revoked", async () => {
    const [ann, bob, carol] = [await insertUser(), await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const before = browser.copy();
    expect((await browser.signIn(carol)).status).toBe(200);
    expect(browser.cookies.has(ACCOUNTS_COOKIE_NAME)).toBe(false);
    expect(await browser.whoAmI()).toBe(carol.id);
    expect(await before.whoAmI()).toBeNull();
    expect(await before.whoAmI(ann.id)).toBeNull();
    expect(await liveSessionCount(ann.id)).toBe(0);
    expect(await liveSessionCount(bob.id)).toBe(0);
  });

  it("signing in again to an account already there replaces that account's session only", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const before = browser.copy();
    expect((await browser.signIn(ann, true)).status).toBe(200);
    expect(await liveSessionCount(ann.id)).toBe(1);
    expect(await liveSessionCount(bob.id)).toBe(1);
    expect(await browser.whoAmI()).toBe(ann.id);
    expect(await browser.whoAmI(bob.id)).toBe(bob.id);
    // The replaced session is dead, even from a copy of the old cookies.
    expect(await before.whoAmI(ann.id)).toBeNull();
  });

  it(`holds at most ${MAX_ACCOUNTS} accounts: one more is 409 too_many_accounts and starts no session`, async () => {
    const users = await Promise.all(Array.from({ length: MAX_ACCOUNTS + 1 }, () => insertUser()));
    const browser = await browserWith(...users.slice(0, MAX_ACCOUNTS));
    const refused = await browser.signIn(users[MAX_ACCOUNTS]!, true);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "too_many_accounts" });
    expect(await liveSessionCount(users[MAX_ACCOUNTS]!.id)).toBe(0);
    for (const user of users.slice(0, MAX_ACCOUNTS)) expect(await browser.whoAmI(user.id)).toBe(user.id);
    // Within the browser's cookie limits: each cookie under 4096 bytes with its attributes.
    for (const [name, value] of browser.cookies) expect(`${name}=${value}`.length).toBeLessThan(3500);
  });

  it("an account signed out elsewhere frees its place, and its entry no longer acts", async () => {
    const users = await Promise.all(Array.from({ length: MAX_ACCOUNTS + 1 }, () => insertUser()));
    const browser = await browserWith(...users.slice(0, MAX_ACCOUNTS));
    await db.session.deleteMany({ where: { userId: users[0]!.id } });
    const { revokeAllSessions } = await import("@/lib/auth/session");
    await revokeAllSessions(users[1]!.id);
    expect(await browser.whoAmI(users[1]!.id)).toBeNull();
    expect((await browser.signIn(users[MAX_ACCOUNTS]!, true)).status).toBe(200);
  });

  it("revoking one account's session (its own session list) leaves the others signed in", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const [annSession] = await db.session.findMany({ where: { userId: ann.id }, select: { id: true } });
    const other = await createSession(ann.id, { ip: "192.0.2.1", userAgent: "elsewhere" });
    // Ann, from her other device, signs out the session this browser holds.
    const revoked = await call(revokeOne, "DELETE", `/api/v1/auth/sessions/${annSession!.id}`, {
      cookie: other.cookie.value,
      params: { id: annSession!.id },
    });
    expect(revoked.status).toBe(204);
    expect(await browser.whoAmI(ann.id)).toBeNull();
    expect(await browser.whoAmI()).toBe(bob.id);
  });

  it("logout with X-Active-User signs out that account only; the active one stays", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const response = await browser.send(logout, "POST", "/api/v1/auth/logout", {
      headers: { "x-active-user": ann.id },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("clear-site-data")).toBe('"cache"');
    expect(await liveSessionCount(ann.id)).toBe(0);
    expect(await browser.whoAmI()).toBe(bob.id);
    expect(await browser.whoAmI(ann.id)).toBeNull();
  });

  it("logout of the active account makes the next one active; the last one leaves no cookie", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const first = await browser.send(logout, "POST", "/api/v1/auth/logout");
    expect(first.status).toBe(204);
    expect(await liveSessionCount(bob.id)).toBe(0);
    expect(await browser.whoAmI()).toBe(ann.id);
    const last = await browser.send(logout, "POST", "/api/v1/auth/logout");
    expect(last.headers.get("clear-site-data")).toBe('"cache", "storage"');
    expect(browser.cookies.has(SESSION_COOKIE_NAME)).toBe(false);
    expect(browser.cookies.has(ACCOUNTS_COOKIE_NAME)).toBe(false);
    expect(await browser.whoAmI()).toBeNull();
  });

  it("a password change as another account of the browser keeps that account's place and the active one", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const before = browser.copy();
    const changed = await browser.send(changePassword, "POST", "/api/v1/auth/password/change", {
      body: { currentPassword: STRONG_PASSWORD, newPassword: "Another-strong-Pass-42" },
      headers: { "x-active-user": ann.id },
    });
    expect(changed.status).toBe(200);
    expect(await browser.whoAmI()).toBe(bob.id);
    expect(await browser.whoAmI(ann.id)).toBe(ann.id);
    // Ann's old session ended with her old password.
    expect(await before.whoAmI(ann.id)).toBeNull();
  });

  it("revoking one's own current session as another account of the browser signs out that account only", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const own = await db.session.findFirstOrThrow({ where: { userId: ann.id }, select: { id: true } });
    const response = await browser.send(revokeOne, "DELETE", `/api/v1/auth/sessions/${own.id}`, {
      headers: { "x-active-user": ann.id },
      params: { id: own.id },
    });
    expect(response.status).toBe(204);
    expect(await browser.whoAmI(ann.id)).toBeNull();
    expect(await browser.whoAmI()).toBe(bob.id);
  });

  it("a Bearer token acts for its own user only: X-Active-User naming anyone else is 401", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const issued = await call(token, "POST", "/api/v1/auth/token", {
      body: { grant_type: "password", identifier: ann.username, password: STRONG_PASSWORD },
    });
    expect(issued.status).toBe(200);
    const { access_token: bearer } = (await issued.json()) as { access_token: string };
    expect((await call(me, "GET", "/api/v1/me", { bearer, headers: { "x-active-user": ann.id } })).status).toBe(200);
    expect((await call(me, "GET", "/api/v1/me", { bearer, headers: { "x-active-user": bob.id } })).status).toBe(401);
  });

  it("ignores a forged, foreign or oversized accounts cookie", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann);
    const bobSession = await createSession(bob.id, { ip: "192.0.2.2", userAgent: "elsewhere" });
    const real = await encodeAccounts([{ sub: bob.id, sid: "not-the-sid", aexp: Math.floor(Date.now() / 1000) + 600 }]);
    for (const value of ["garbage", `${real.slice(0, -4)}AAAA`, real, "a".repeat(5000), bobSession.cookie.value]) {
      browser.cookies.set(ACCOUNTS_COOKIE_NAME, value);
      expect(await browser.whoAmI(bob.id)).toBeNull();
      expect(await browser.whoAmI()).toBe(ann.id);
    }
  });

  it("counts rate limits per account: X-Active-User of an account signed in here is its own budget", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const identity = (actingAs?: string) =>
      requestIdentity(new Headers({ cookie: browser.header(), ...(actingAs ? { "x-active-user": actingAs } : {}) }));
    expect(await identity()).toEqual({ kind: "user", userId: bob.id });
    expect(await identity(ann.id)).toEqual({ kind: "user", userId: ann.id });
    // Naming someone not signed in here charges the active account (and the handler answers 401).
    expect(await identity("someone-else")).toEqual({ kind: "user", userId: bob.id });
  });

  it("audits each sign-in under its own account", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    await browserWith(ann, bob);
    // Sign-ins are audited in the background: wait for both events.
    const events = await vi.waitFor(async () => {
      const found = await db.auditEvent.findMany({
        where: { type: "login.succeeded", userId: { in: [ann.id, bob.id] } },
        select: { userId: true, data: true },
      });
      expect(found).toHaveLength(2);
      return found;
    });
    expect(events.map((event) => event.userId).sort()).toEqual([ann.id, bob.id].sort());
    expect(events.find((event) => event.userId === bob.id)?.data).toMatchObject({ addedAccount: "true" });
  });
});

describe("POST /account/switch", () => {
  const form = (fields: Record<string, string>) => ({
    raw: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
  });

  it("makes another signed-in account active and goes back to returnTo", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const switched = await browser.send(
      switchAccount,
      "POST",
      "/account/switch",
      form({ userId: ann.id, returnTo: "/admin" }),
    );
    expect(switched.status).toBe(303);
    expect(switched.headers.get("location")).toBe("/admin");
    expect(await browser.whoAmI()).toBe(ann.id);
    expect(await browser.whoAmI(bob.id)).toBe(bob.id);
  });

  it("refuses an account not signed in here, an open redirect and a cross-site form", async () => {
    const [ann, bob, carol] = [await insertUser(), await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const stranger = await browser.send(switchAccount, "POST", "/account/switch", form({ userId: carol.id }));
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get("location")).toMatch(/^\/login\?/);
    expect(await browser.whoAmI()).toBe(bob.id);
    const away = await browser.send(
      switchAccount,
      "POST",
      "/account/switch",
      form({ userId: ann.id, returnTo: "//evil.example" }),
    );
    expect(away.headers.get("location")).toBe("/account");
    const crossSite = await browser.send(switchAccount, "POST", "/account/switch", {
      ...form({ userId: bob.id }),
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    for (const raw of ["", "userId=", "%%%", `userId=${"x".repeat(10_000)}`]) {
      const response = await browser.send(switchAccount, "POST", "/account/switch", {
        raw,
        headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
      });
      expect(response.status, raw.slice(0, 20)).toBe(303);
    }
  });
});

describe("POST /logout (the browser's Sign out)", () => {
  const form = (fields: Record<string, string>) => ({
    raw: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
  });

  it("signs out the active account and goes on as the next one", async () => {
    const [ann, bob] = [await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob);
    const response = await browser.send(browserLogout, "POST", "/logout", form({}));
    expect(response.headers.get("location")).toBe("/account?notice=signed-out-one");
    expect(await browser.whoAmI()).toBe(ann.id);
    expect(await liveSessionCount(bob.id)).toBe(0);
  });

  it("with all=1 signs out every account of the browser", async () => {
    const [ann, bob, carol] = [await insertUser(), await insertUser(), await insertUser()];
    const browser = await browserWith(ann, bob, carol);
    const response = await browser.send(browserLogout, "POST", "/logout", form({ all: "1" }));
    expect(response.headers.get("location")).toBe("/login?notice=signed-out");
    expect(response.headers.get("clear-site-data")).toBe('"cache", "storage"');
    for (const user of [ann, bob, carol]) expect(await liveSessionCount(user.id)).toBe(0);
    expect(browser.cookies.has(SESSION_COOKIE_NAME)).toBe(false);
    expect(browser.cookies.has(ACCOUNTS_COOKIE_NAME)).toBe(false);
  });
});
