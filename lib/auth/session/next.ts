import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AppError } from "../../http/errors";
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

/** The current session, or 401 (`unauthorized`) for server actions. */
export async function requireSession(): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) throw new AppError("unauthorized");
  return session;
}

/** For pages: the current session, or a redirect to /login that comes back to `callbackPath`. */
export async function requireSessionOrRedirect(callbackPath: string): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) redirect(`/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return session;
}
