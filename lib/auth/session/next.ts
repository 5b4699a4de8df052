import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { authenticateCookieValue, type CurrentSession } from "./authenticate";
import { SESSION_COOKIE_NAME } from "./cookie";

/**
 * For server components and server actions: the current session from the request's cookies, or
 * null. (A server component cannot write cookies; renewal happens in route handlers, server
 * actions and the proxy.)
 */
export async function getCurrentSession(): Promise<CurrentSession | null> {
  const store = await cookies();
  return authenticateCookieValue(store.get(SESSION_COOKIE_NAME)?.value);
}

/** For pages: the current session, or a redirect to /login that comes back to `callbackPath`. */
export async function requireSessionOrRedirect(callbackPath: string): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) redirect(`/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return session;
}
