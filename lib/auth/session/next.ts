import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { mustEnrolSecondFactor } from "../mfa/policy";
import { ACCOUNTS_COOKIE_NAME } from "./accounts-cookie";
import { authenticateCookieValue, type BrowserCookies, type CurrentSession } from "./authenticate";
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

/** For server components and server actions: the browser's two session cookies (./browser.ts). */
export async function browserCookies(): Promise<BrowserCookies> {
  const store = await cookies();
  return {
    session: store.get(SESSION_COOKIE_NAME)?.value ?? null,
    accounts: store.get(ACCOUNTS_COOKIE_NAME)?.value ?? null,
  };
}

/** For server actions: sets a session cookie (a login, a renewal, or the cleared cookie of a logout). */
export async function writeSessionCookie(cookie: SessionCookie): Promise<void> {
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
}

// The pages an account that must set up a second factor may still use: its account and what
// hangs below it (enrolment, step-up). /logout is a route handler, not a page.
const ENROLMENT_PAGES = /^\/account(?:[/?#]|$)/;

/**
 * For pages and server actions: the current session, or a redirect to /login that comes back to
 * `callbackPath` (with the "your session has ended" notice when the browser's cookie named a
 * session that was revoked or has expired). A session whose account the second-factor policy covers but which has no
 * factor yet (../mfa/policy.ts) is sent to /account/security?notice=mfa-required from anywhere else.
 */
export async function requireSessionOrRedirect(callbackPath: string): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) {
    // A cookie that no longer opens a session (revoked, expired): say so, rather than a bare sign-in page.
    const ended = (await cookies()).get(SESSION_COOKIE_NAME)?.value ? "notice=session-ended&" : "";
    redirect(`/login?${ended}callbackUrl=${encodeURIComponent(callbackPath)}`);
  }
  if (!ENROLMENT_PAGES.test(callbackPath) && (await mustEnrolSecondFactor(session.userId))) {
    redirect("/account/security?notice=mfa-required");
  }
  return session;
}
