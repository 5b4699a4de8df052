import "server-only";
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { config } from "../config";
import { recordAudit } from "../audit";
import { authAdapter, authLogger, authorizeGoogleSignIn, googleProvider } from "./google";
import {
  cookieOptions,
  decodeSessionToken,
  encodeSessionToken,
  SESSION_COOKIE_NAME,
  type SessionClaims,
} from "../auth/session/cookie";
import { mfaCookie } from "../auth/mfa/browser-cookie";
import { startChallenge } from "../auth/mfa/challenge";
import { hasSecondFactor } from "../auth/mfa/factors";
import { requestMeta } from "../auth/session/meta";
import { ACCOUNTS_COOKIE_NAME } from "../auth/session/accounts-cookie";
import { settleOtherAccounts } from "../auth/session/browser";
import { registerSession, revokeReplacedSession, revokeSessionBySid } from "../auth/session/registry";
import { ADD_ACCOUNT_COOKIE_NAME, addAccountMarker } from "./add-account-marker";
import { lookupSession, sessionTokenHash } from "../auth/session/store";

/**
 * Auth.js at the edge: the route /api/auth/* for providers that need Auth.js's OAuth machinery
 * (Google sign-in). It writes and reads the very same cookie as our own login
 * (same name, same JWE format, claims { sub, sid, aexp }) and registers every sign-in in our
 * session registry, so revocation, idle and absolute expiry apply to its sessions too. Our own
 * login (API and UI) does not go through Auth.js; it calls lib/auth/session directly. Google is
 * its only provider: a Credentials provider here would be a second password sign-in path that
 * skips the rules of our own (brute-force budget, device cookies, disabled accounts).
 *
 * An account with a second factor is not signed in by Google alone: the signIn callback starts a
 * BROWSER challenge (method "google"), puts it in the `authcore.mfa` cookie and sends the browser
 * to /login/verify instead, before Auth.js registers or links anything, so no session cookie is
 * issued; the second step then starts the session (lib/auth/mfa/sign-in-step.ts).
 */
const authConfig: NextAuthConfig = {
  secret: config.auth.secret,
  trustHost: true,
  logger: authLogger,
  adapter: authAdapter(signInMeta),
  // Every Auth.js error, and a refused Google sign-in, lands on our friendly page (never Auth.js's own pages).
  pages: { signIn: "/auth/error", error: "/auth/error" },
  session: { strategy: "jwt", maxAge: config.auth.sessionIdleSeconds, updateAge: 86_400 },
  cookies: {
    sessionToken: { name: SESSION_COOKIE_NAME, options: { ...cookieOptions(new Date(0)), expires: undefined } },
  },
  jwt: {
    async encode({ token, maxAge }) {
      if (!token?.sid || !token.sub || typeof token.aexp !== "number") return "";
      const remaining = token.aexp - Math.floor(Date.now() / 1000);
      return encodeSessionToken(
        token as unknown as SessionClaims,
        Math.max(1, Math.min(maxAge ?? config.auth.sessionIdleSeconds, remaining)),
      );
    },
    async decode({ token }) {
      return (await decodeSessionToken(token)) as JWT | null;
    },
  },
  providers: [...(config.google ? [googleProvider(config.google)] : [])],
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await revokeSessionBySid(sid);
    },
    async signIn({ user, account }) {
      if (account?.provider === "google" && user.id)
        await recordAudit("login.succeeded", {
          userId: user.id,
          meta: await signInMeta(),
          data: { provider: "google" },
        });
    },
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "google") return true;
      return authorizeGoogleSignIn(profile, await previousSessionCookie(), googleSecondStep);
    },
    async jwt({ token, user }) {
      if (user?.id) {
        const previous = await previousSessionCookie();
        // The signIn callback sent accounts with a second factor to it; only their owner, signed in
        // and linking Google from their account, gets here with one. Anything else: no session.
        const sameAccount = await isSessionOf(previous, user.id);
        if ((await hasSecondFactor(user.id)) && !sameAccount) return null;
        await revokeReplacedSession(previous, user.id);
        // A sign-in: register a fresh session (new random id) and put only its claims in the cookie.
        const session = await registerSession(user.id, await signInMeta());
        await settleBrowserAccounts(
          user.id,
          sameAccount ? "same-account" : (await takeAddAccountMarker()) ? "add" : "replace",
        );
        return { sub: user.id, sid: session.sid, aexp: Math.floor(session.absoluteExpires.getTime() / 1000) };
      }
      if (typeof token.sid !== "string" || !(await lookupSession(sessionTokenHash(token.sid)))) return null;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
};

/** Who is signing in, from the request Auth.js is handling (route handler or server action). */
async function signInMeta() {
  try {
    return requestMeta(await headers());
  } catch {
    return { ip: "unknown", userAgent: "" };
  }
}

/**
 * Google signed in the owner of an account: when it has a second factor, starts the second step
 * (challenge, `authcore.mfa` cookie) and answers where to go instead; null to sign in now.
 */
async function googleSecondStep(userId: string): Promise<string | null> {
  if (!(await hasSecondFactor(userId))) return null;
  const token = await startChallenge(userId, "BROWSER", "google", await signInMeta());
  const cookie = mfaCookie(token);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  // "Add another account" goes on through the second step, which adds the session itself.
  const add = (await takeAddAccountMarker()) ? "&addAccount=1" : "";
  return `/login/verify?callbackUrl=${encodeURIComponent(await callbackPath())}${add}`;
}

/** Where the Google flow was going (Auth.js's callback-url cookie), as a same-origin path, or "". */
async function callbackPath(): Promise<string> {
  try {
    const store = await cookies();
    const value = store.get("__Secure-authjs.callback-url")?.value ?? store.get("authjs.callback-url")?.value;
    if (!value) return "";
    const url = new URL(value, config.appUrl);
    return url.origin === new URL(config.appUrl).origin ? `${url.pathname}${url.search}` : "";
  } catch {
    return "";
  }
}

/** Whether this Google sign-in was started by "Add another account" (and the marker is used up). */
async function takeAddAccountMarker(): Promise<boolean> {
  const store = await requestCookies();
  const adding = store?.get(ADD_ACCOUNT_COOKIE_NAME)?.value === "1";
  if (store && adding) {
    const cleared = addAccountMarker(false);
    store.set(cleared.name, cleared.value, cleared.options);
  }
  return adding;
}

/** The browser's other signed-in accounts after a Google sign-in (lib/auth/session/browser.ts settleOtherAccounts). */
async function settleBrowserAccounts(userId: string, how: "add" | "same-account" | "replace"): Promise<void> {
  const store = await requestCookies();
  if (!store) return;
  const accounts = store.get(ACCOUNTS_COOKIE_NAME)?.value ?? null;
  const cookie = await settleOtherAccounts({ session: null, accounts }, userId, how);
  if (cookie) store.set(cookie.name, cookie.value, cookie.options);
}

/** Whether the cookie carries a live session of `userId`. */
async function isSessionOf(cookie: string | undefined, userId: string): Promise<boolean> {
  const claims = await decodeSessionToken(cookie);
  if (!claims || claims.sub !== userId) return false;
  return (await lookupSession(sessionTokenHash(claims.sid)))?.userId === userId;
}

/** The cookies of the request Auth.js is handling; null outside a request. */
async function requestCookies(): Promise<Awaited<ReturnType<typeof cookies>> | null> {
  try {
    return await cookies();
  } catch {
    return null;
  }
}

/** The session cookie the request arrived with (the session a sign-in replaces or links to). */
async function previousSessionCookie(): Promise<string | undefined> {
  return (await requestCookies())?.get(SESSION_COOKIE_NAME)?.value;
}

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
