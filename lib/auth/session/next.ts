import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { authenticateCookieValue, type CurrentSession } from "./authenticate";
import { SESSION_COOKIE_NAME } from "./cookie";
import type { SessionCookie } from "./registry";

/**
 * For server components and server actions: the current session from the request's cookies, or
 * null. Looked up once per request however many components ask (the header and the page both
 * do). A server component cannot write cookies; renewal happens in route handlers, server
 * actions and the proxy.
 */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  const store = await cookies();
  return authenticateCookieValue(store.get(SESSION_COOKIE_NAME)?.value);
});

/** For server actions: sets a session cookie (a login, a renewal, or the cleared cookie of a logout). */
export async function writeSessionCookie(cookie: SessionCookie): Promise<void> {
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
}

/** For pages: the current session, or a redirect to /login that comes back to `callbackPath`. */
export async function requireSessionOrRedirect(callbackPath: string): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) redirect(`/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return session;
}
