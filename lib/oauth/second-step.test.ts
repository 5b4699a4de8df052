import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type * as ConfigModule from "../config";

// Auth.js is replaced by a stub that keeps the configuration: these tests call its callbacks as
// Auth.js does for a Google sign-in, with the request's headers and a cookie jar that records writes.
const captured = vi.hoisted(() => ({}) as { config?: NextAuthConfig });
vi.mock("next-auth", () => ({
  default: (config: NextAuthConfig) => {
    captured.config = config;
    return { handlers: {}, auth: () => null, signIn: () => undefined, signOut: () => undefined };
  },
}));

type Written = { value: string; options?: Record<string, unknown> };
const request = vi.hoisted(() => ({ cookies: new Map<string, Written>() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.62", "user-agent": "google-second-step" }),
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)!.value } : undefined),
    set: (name: string, value: string, options?: Record<string, unknown>) =>
      void request.cookies.set(name, { value, options }),
  }),
}));

const GOOGLE = { clientId: "client-id", clientSecret: "client-secret", issuer: "http://127.0.0.1:9" };
vi.mock("../config", async (importOriginal) => {
  const original = await importOriginal<typeof ConfigModule>();
  return { ...original, config: { ...original.config, google: GOOGLE } };
});

await import("./nextauth");
const { db } = await import("../db");
const { MFA_COOKIE_NAME } = await import("../auth/mfa/browser-cookie");
const { peekChallenge } = await import("../auth/mfa/challenge");
const { sealSecret } = await import("../auth/mfa/secret-box");
const { createSession } = await import("../auth/session/registry");
const { SESSION_COOKIE_NAME } = await import("../auth/session/cookie");
const { insertUser } = await import("../testing/fixtures");

const callbacks = () => captured.config!.callbacks!;

async function googleUser(options: { totp: boolean }) {
  const user = await insertUser({ password: null });
  await db.account.create({
    data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: `sub-${user.id}` },
  });
  if (options.totp) {
    await db.totpFactor.create({
      data: { userId: user.id, secretCipher: sealSecret("JBSWY3DPEHPK3PXP", user.id), confirmedAt: new Date() },
    });
  }
  return user;
}

/** Auth.js's signIn callback for Google, as it calls it on the way back from Google. */
const googleSignIn = (user: { id: string; email: string }) =>
  callbacks().signIn!({
    user: { id: user.id, email: user.email },
    account: { provider: "google", type: "oidc", providerAccountId: `sub-${user.id}` },
    profile: { sub: `sub-${user.id}`, email: user.email, email_verified: true },
  });

beforeEach(() => request.cookies.clear());

describe("Google sign-in into an account with a second factor", () => {
  it("goes to /login/verify with a challenge in the authcore.mfa cookie instead of signing in", async () => {
    const user = await googleUser({ totp: true });
    request.cookies.set("authjs.callback-url", { value: "http://localhost:3000/admin/users?q=a" });
    expect(await googleSignIn(user)).toBe("/login/verify?callbackUrl=%2Fadmin%2Fusers%3Fq%3Da");
    const cookie = request.cookies.get(MFA_COOKIE_NAME)!;
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/login", maxAge: 300 });
    expect(await peekChallenge(cookie.value, "BROWSER")).toMatchObject({ userId: user.id, method: "google" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("keeps only a same-origin place to go on to", async () => {
    const user = await googleUser({ totp: true });
    request.cookies.set("authjs.callback-url", { value: "https://evil.example/steal" });
    expect(await googleSignIn(user)).toBe("/login/verify?callbackUrl=");
  });

  it("signs an account without a factor in as before", async () => {
    const user = await googleUser({ totp: false });
    expect(await googleSignIn(user)).toBe(true);
    expect(request.cookies.has(MFA_COOKIE_NAME)).toBe(false);
  });

  it("never registers a session for it in the jwt callback, unless its owner is signed in (linking from /account)", async () => {
    const user = await googleUser({ totp: true });
    const signedIn = () =>
      callbacks().jwt!({ token: {} as JWT, user: { id: user.id }, account: null, trigger: "signIn" });
    expect(await signedIn()).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const { cookie } = await createSession(user.id, { ip: "198.51.100.62", userAgent: "x" });
    request.cookies.set(SESSION_COOKIE_NAME, { value: cookie.value });
    expect(await signedIn()).toMatchObject({ sub: user.id, sid: expect.any(String) });
  });
});
