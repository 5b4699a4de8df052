import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { config } from "../config";
import { db } from "../db";
import { AppError } from "../http/errors";
import { LoginSchema } from "../validation/forms";
import { cookieOptions, decodeSessionToken, encodeSessionToken, SESSION_COOKIE_NAME, type SessionClaims } from "./session/cookie";
import { requestMeta } from "./session/meta";
import { registerSession, revokeSessionBySid } from "./session/registry";
import { verifyCredentials } from "./session/sign-in";
import { lookupSession } from "./session/store";

class AccountNotActivated extends CredentialsSignin {
  override code = "account_not_activated";
}
class TooManyAttempts extends CredentialsSignin {
  override code = "rate_limited";
}

/**
 * Auth.js at the edge: the route /api/auth/* for providers that need Auth.js's OAuth machinery
 * (Google sign-in comes with issue 5). It writes and reads the very same cookie as our own login
 * (same name, same JWE format, claims { sub, sid, aexp }) and registers every sign-in in our
 * session registry, so revocation, idle and absolute expiry apply to its sessions too. Our own
 * login (API and UI) does not go through Auth.js; it calls lib/auth/session directly.
 */
const authConfig: NextAuthConfig = {
  secret: config.auth.secret,
  trustHost: true,
  adapter: PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]),
  session: { strategy: "jwt", maxAge: config.auth.sessionIdleSeconds, updateAge: 86_400 },
  cookies: {
    sessionToken: { name: SESSION_COOKIE_NAME, options: { ...cookieOptions(new Date(0)), expires: undefined } },
  },
  jwt: {
    async encode({ token, maxAge }) {
      if (!token?.sid || !token.sub || typeof token.aexp !== "number") return "";
      const remaining = token.aexp - Math.floor(Date.now() / 1000);
      return encodeSessionToken(token as unknown as SessionClaims, Math.max(1, Math.min(maxAge ?? config.auth.sessionIdleSeconds, remaining)));
    },
    async decode({ token }) {
      return (await decodeSessionToken(token)) as JWT | null;
    },
  },
  providers: [
    Credentials({
      credentials: { identifier: { label: "Username or email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const parsed = LoginSchema.safeParse(credentials);
        if (!parsed.success) return null;
        try {
          const user = await verifyCredentials(parsed.data.identifier, parsed.data.password, requestMeta(request.headers));
          if (!user.isActive) throw new AccountNotActivated();
          return { id: user.id, name: user.username, email: user.email };
        } catch (error) {
          if (error instanceof AppError && error.code === "rate_limited") throw new TooManyAttempts();
          if (error instanceof AppError && error.code === "invalid_credentials") return null;
          throw error;
        }
      },
    }),
  ],
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await revokeSessionBySid(sid);
    },
  },
  callbacks: {
    async jwt({ token, user }) {
      if (user?.id) {
        // A sign-in: register a fresh session (new random id) and put only its claims in the cookie.
        const session = await registerSession(user.id, requestMeta(await headers()));
        return { sub: user.id, sid: session.sid, aexp: Math.floor(session.absoluteExpires.getTime() / 1000) };
      }
      if (typeof token.sid !== "string" || !(await lookupSession(token.sid))) return null;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
