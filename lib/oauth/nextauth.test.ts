import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as ConfigModule from "../config";

// Auth.js itself is replaced by a stub that keeps the configuration it is given: these tests
// call that configuration's callbacks the way Auth.js does, against the real session registry.
const captured = vi.hoisted(() => ({}) as { config?: NextAuthConfig });
vi.mock("next-auth", () => ({
  default: (config: NextAuthConfig) => {
    captured.config = config;
    return { handlers: {}, auth: () => null, signIn: () => undefined, signOut: () => undefined };
  },
}));

// The request Auth.js is handling: its headers and cookies (null: called outside a request).
const request = vi.hoisted(() => ({
  headers: null as Headers | null,
  cookies: null as Map<string, string> | null,
}));
vi.mock("next/headers", () => ({
  headers: async () => {
    if (!request.headers) throw new Error("headers() called outside a request scope");
    return request.headers;
  },
  cookies: async () => {
    const jar = request.cookies;
    if (!jar) throw new Error("cookies() called outside a request scope");
    return {
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      set: (name: string, value: string) => (value === "" ? jar.delete(name) : jar.set(name, value)),
    };
  },
}));

const GOOGLE = { clientId: "client-id", clientSecret: "client-secret", issuer: "http://127.0.0.1:9" };
vi.mock("../config", async (importOriginal) => {
  const original = await importOriginal<typeof ConfigModule>();
  return { ...original, config: { ...original.config, google: GOOGLE } };
});

await import("./nextauth");
const { config } = await import("../config");
const { db } = await import("../db");
const { authenticateCookieValue } = await import("../auth/session/authenticate");
const { decodeSessionToken, SESSION_COOKIE_NAME } = await import("../auth/session/cookie");
const { createSession, revokeAllSessions } = await import("../auth/session/registry");
const { lookupSession, sessionTokenHash } = await import("../auth/session/store");
const { insertUser } = await import("../testing/fixtures");
const { authLogger } = await import("./google");
const { ACCOUNTS_COOKIE_NAME, accountsCookie, decodeAccounts } = await import("../auth/session/accounts-cookie");
const { ADD_ACCOUNT_COOKIE_NAME } = await import("./add-account-marker");

const IP = "198.51.100.61";
const USER_AGENT = "nextauth-test-browser";

function authConfig(): NextAuthConfig {
  if (!captured.config) throw new Error("lib/oauth/nextauth.ts did not configure Auth.js");
  return captured.config;
}

const jwt = () => authConfig().jwt!;
const callbacks = () => authConfig().callbacks!;
const events = () => authConfig().events!;

/** The session cookie value of a new session of the user (what our own login sets). */
async function sessionCookieOf(userId: string) {
  return (await createSession(userId, { ip: IP, userAgent: USER_AGENT })).cookie.value;
}

/** What Auth.js's jwt callback receives for a token it already issued (no sign-in). */
const refresh = (token: Partial<JWT> & Record<string, unknown>) =>
  callbacks().jwt!({ token: token as JWT, user: undefined as never, account: null, trigger: "update" });

/** What Auth.js's jwt callback receives right after a sign-in of `userId`. */
const signedIn = (userId: string) =>
  callbacks().jwt!({ token: {} as JWT, user: { id: userId }, account: null, trigger: "signIn" });

const encode = (token: Record<string, unknown> | undefined, maxAge?: number) =>
  jwt().encode!({ token: token as JWT, maxAge, secret: "", salt: "" });

beforeEach(() => {
  request.headers = new Headers({ "x-forwarded-for": IP, "user-agent": USER_AGENT });
  request.cookies = new Map();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the Auth.js configuration", () => {
  it("writes and reads the very cookie of our own login: same name and attributes, expiry set per session", () => {
    const cookie = authConfig().cookies?.sessionToken;
    expect(cookie?.name).toBe(SESSION_COOKIE_NAME);
    expect(cookie?.options).toEqual({
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: config.secureCookies,
      expires: undefined,
    });
    expect(authConfig().session).toEqual({
      strategy: "jwt",
      maxAge: config.auth.sessionIdleSeconds,
      updateAge: 86_400,
    });
    expect(authConfig().secret).toBe(config.auth.secret);
  });

  it("sends every Auth.js error and refused sign-in to our friendly page, never Auth.js's own pages", () => {
    expect(authConfig().pages).toEqual({ signIn: "/auth/error", error: "/auth/error" });
  });

  it("logs through our logger, trusts the host it is reached on, and stores users through our adapter", () => {
    expect(authConfig().logger).toBe(authLogger);
    expect(authConfig().trustHost).toBe(true);
    expect(authConfig().adapter?.createUser).toBeTypeOf("function");
    expect(authConfig().adapter?.linkAccount).toBeTypeOf("function");
  });

  it("offers Google, and only Google, when it is configured (no second password sign-in path)", () => {
    const providers = authConfig().providers as { id: string; options?: { clientId?: string } }[];
    expect(providers.map((p) => p.id)).toEqual(["google"]);
    expect(providers[0]?.options?.clientId).toBe(GOOGLE.clientId);
  });

  it("offers no provider at all when Google is not configured", async () => {
    const configured = captured.config;
    try {
      vi.resetModules();
      vi.doMock("../config", async (importOriginal) => {
        const original = await importOriginal<typeof ConfigModule>();
        return { ...original, config: { ...original.config, google: null } };
      });
      await import("./nextauth");
      expect(authConfig().providers).toEqual([]);
    } finally {
      vi.doUnmock("../config");
      captured.config = configured;
    }
  });
});

describe("the session cookie Auth.js writes", () => {
  it("is in the format our own login reads, and Auth.js reads ours", async () => {
    const aexp = Math.floor(Date.now() / 1000) + 3600;
    const value = await encode({ sub: "user-1", sid: "sid-1", aexp }, 600);
    expect(await decodeSessionToken(value)).toMatchObject({ sub: "user-1", sid: "sid-1", aexp });
    expect(await jwt().decode!({ token: value, secret: "", salt: "" })).toMatchObject({ sub: "user-1", sid: "sid-1" });
  });

  it("lasts the idle timeout Auth.js asks for, but never past the session's absolute expiry", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const now = Math.floor(Date.now() / 1000);
    const lifetime = async (aexp: number, maxAge?: number) => {
      const claims = await decodeSessionToken(await encode({ sub: "u", sid: "s", aexp }, maxAge));
      return (claims?.exp ?? 0) - now;
    };
    expect(await lifetime(now + 7200, 600)).toBe(600);
    expect(await lifetime(now + 300, 600)).toBe(300);
    expect(await lifetime(now + 10 * config.auth.sessionIdleSeconds)).toBe(config.auth.sessionIdleSeconds);
  });

  it("is not written for a token without a session (an empty value instead)", async () => {
    const aexp = Math.floor(Date.now() / 1000) + 3600;
    expect(await encode({ sub: "u", aexp })).toBe("");
    expect(await encode({ sid: "s", aexp })).toBe("");
    expect(await encode({ sub: "u", sid: "s", aexp: String(aexp) })).toBe("");
    expect(await encode({ sub: "u", sid: "s" })).toBe("");
    expect(await encode(undefined)).toBe("");
  });

  it("reads a forged or malformed cookie as no session", async () => {
    expect(await jwt().decode!({ token: "not-a-jwe", secret: "", salt: "" })).toBeNull();
    expect(await jwt().decode!({ token: undefined, secret: "", salt: "" })).toBeNull();
  });
});

describe("a sign-in through Auth.js", () => {
  it("registers a fresh session from the request's address and browser, and the cookie carries only its claims", async () => {
    const user = await insertUser();
    const token = (await signedIn(user.id)) as { sub: string; sid: string; aexp: number };
    expect(Object.keys(token).sort()).toEqual(["aexp", "sid", "sub"]);
    expect(token.sub).toBe(user.id);
    const record = await lookupSession(sessionTokenHash(token.sid));
    expect(record?.userId).toBe(user.id);
    const row = await db.session.findUniqueOrThrow({ where: { id: record!.id } });
    expect(row).toMatchObject({ ip: IP, userAgent: USER_AGENT });
    expect(token.aexp).toBe(Math.floor(row.absoluteExpires.getTime() / 1000));
  });

  it("replaces the session the browser's cookie carried for the same user, and leaves another user's alone", async () => {
    const user = await insertUser();
    const previous = await sessionCookieOf(user.id);
    request.cookies!.set(SESSION_COOKIE_NAME, previous);
    await signedIn(user.id);
    expect(await authenticateCookieValue(previous)).toBeNull();

    const other = await insertUser();
    const othersCookie = await sessionCookieOf(other.id);
    request.cookies!.set(SESSION_COOKIE_NAME, othersCookie);
    await signedIn(user.id);
    expect(await authenticateCookieValue(othersCookie)).not.toBeNull();
  });

  it("outside a request it still signs in, recorded from an unknown address", async () => {
    request.headers = null;
    request.cookies = null;
    const user = await insertUser();
    const token = (await signedIn(user.id)) as { sid: string };
    const record = await lookupSession(sessionTokenHash(token.sid));
    expect(await db.session.findUniqueOrThrow({ where: { id: record!.id } })).toMatchObject({
      ip: "unknown",
      userAgent: "",
    });
  });

  it("records the Google sign-in in the audit trail with the request's address; other providers are not recorded", async () => {
    const user = await insertUser();
    await events().signIn!({ user: { id: user.id }, account: { provider: "google" } as never });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "login.succeeded" } });
    expect(audit).toMatchObject({ ip: IP, userAgent: USER_AGENT, data: { provider: "google" } });

    const other = await insertUser();
    await events().signIn!({ user: { id: other.id }, account: { provider: "github" } as never });
    await events().signIn!({ user: { id: other.id }, account: null });
    await events().signIn!({ user: {}, account: { provider: "google" } as never });
    expect(await db.auditEvent.count({ where: { userId: other.id } })).toBe(0);
  });
});

describe("a Google sign-in in a browser with other accounts signed in", () => {
  /** A browser whose accounts cookie holds live sessions of these users. */
  async function withOthers(...userIds: string[]) {
    const entries = await Promise.all(
      userIds.map(async (userId) => (await decodeSessionToken(await sessionCookieOf(userId)))!),
    );
    request.cookies!.set(ACCOUNTS_COOKIE_NAME, (await accountsCookie(entries)).value);
    return entries;
  }
  const live = async (sid: string) => (await lookupSession(sessionTokenHash(sid))) !== null;

  it('added by "Add another account": keeps the others, replaces an earlier session of the same account, uses up the marker', async () => {
    const [ann, bob, google] = [await insertUser(), await insertUser(), await insertUser()];
    const [annEntry, bobEntry, earlier] = await withOthers(ann.id, bob.id, google.id);
    request.cookies!.set(ADD_ACCOUNT_COOKIE_NAME, "1");
    await signedIn(google.id);
    expect((await decodeAccounts(request.cookies!.get(ACCOUNTS_COOKIE_NAME))).map((e) => e.sub)).toEqual([
      ann.id,
      bob.id,
    ]);
    expect(await live(annEntry!.sid)).toBe(true);
    expect(await live(bobEntry!.sid)).toBe(true);
    expect(await live(earlier!.sid)).toBe(false);
    expect(request.cookies!.has(ADD_ACCOUNT_COOKIE_NAME)).toBe(false);
  });

  it("a plain sign-in replaces the others: their sessions are revoked and the cookie cleared", async () => {
    const [ann, google] = [await insertUser(), await insertUser()];
    const [annEntry] = await withOthers(ann.id);
    await signedIn(google.id);
    expect(await live(annEntry!.sid)).toBe(false);
    expect(request.cookies!.has(ACCOUNTS_COOKIE_NAME)).toBe(false);
  });

  it("the signed-in account linking Google (or stepping up) leaves the others as they are", async () => {
    const [ann, owner] = [await insertUser(), await insertUser()];
    const [annEntry] = await withOthers(ann.id);
    request.cookies!.set(SESSION_COOKIE_NAME, await sessionCookieOf(owner.id));
    await signedIn(owner.id);
    expect(await live(annEntry!.sid)).toBe(true);
    expect(request.cookies!.has(ACCOUNTS_COOKIE_NAME)).toBe(true);
  });
});

describe("a request with Auth.js's cookie", () => {
  it("keeps a live session's token as it is", async () => {
    const user = await insertUser();
    const claims = (await decodeSessionToken(await sessionCookieOf(user.id)))!;
    const token = { sub: claims.sub, sid: claims.sid, aexp: claims.aexp };
    expect(await refresh(token)).toBe(token);
  });

  it("drops the token of a revoked session, and one without a session id", async () => {
    const user = await insertUser();
    const claims = (await decodeSessionToken(await sessionCookieOf(user.id)))!;
    await revokeAllSessions(user.id);
    expect(await refresh({ sub: claims.sub, sid: claims.sid, aexp: claims.aexp })).toBeNull();
    expect(await refresh({ sub: user.id, aexp: claims.aexp })).toBeNull();
    expect(await refresh({ sub: user.id, sid: 42, aexp: claims.aexp })).toBeNull();
  });

  it("exposes the user id to Auth.js's session, and nothing when the token has none", async () => {
    const withUser = { user: {}, expires: "" } as never;
    const session = await callbacks().session!({ session: withUser, token: { sub: "user-9" } } as never);
    expect((session as { user: { id?: string } }).user.id).toBe("user-9");
    const anonymous = await callbacks().session!({ session: { user: {}, expires: "" }, token: {} } as never);
    expect((anonymous as { user: object }).user).not.toHaveProperty("id");
  });

  it("signing out through Auth.js revokes the session in our registry", async () => {
    const user = await insertUser();
    const cookie = await sessionCookieOf(user.id);
    const claims = (await decodeSessionToken(cookie))!;
    await events().signOut!({ session: null } as never);
    await events().signOut!({ token: { sub: user.id } } as never);
    await events().signOut!({ token: null } as never);
    expect(await authenticateCookieValue(cookie)).not.toBeNull();
    await events().signOut!({ token: { sub: claims.sub, sid: claims.sid } } as never);
    expect(await authenticateCookieValue(cookie)).toBeNull();
  });
});

describe("Auth.js's signIn callback", () => {
  it("lets providers other than Google through untouched", async () => {
    const result = await callbacks().signIn!({ account: { provider: "github" }, profile: {}, user: {} } as never);
    expect(result).toBe(true);
    expect(await callbacks().signIn!({ account: null, user: {} } as never)).toBe(true);
  });

  it("applies the Google linking rule, with the browser's session cookie", async () => {
    const google = { sub: "nextauth-sub", email: "nextauth.newcomer@example.test", email_verified: true };
    const signIn = () => callbacks().signIn!({ account: { provider: "google" }, profile: google, user: {} } as never);
    expect(await signIn()).toBe(true);
    // A revoked session's cookie must not let Auth.js link the identity to that account.
    const user = await insertUser();
    const cookie = await sessionCookieOf(user.id);
    await revokeAllSessions(user.id);
    request.cookies!.set(SESSION_COOKIE_NAME, cookie);
    expect(await signIn()).toBe("/auth/error?error=session_expired");
    // Without a request's cookies there is no session to link to.
    request.cookies = null;
    expect(await signIn()).toBe(true);
  });
});
