import {
  afterBrowserSignOut,
  assertSameSite,
  authenticateCookieValue,
  browserCookiesFromHeader,
  signOut,
  signOutOfBrowser,
  withSessionCookies,
} from "@/lib/auth/session";
import { route } from "@/lib/http";
import { clearSiteDataAfterSignOut } from "@/lib/http/security-headers";

/** Whether the form asked to sign out of every account in the browser (`all=1`). */
async function signsOutAll(request: Request): Promise<boolean> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return false;
  const form = await request.formData().catch(() => null);
  return form?.get("all") === "1";
}

/**
 * The browser's "Sign out" (a plain form post, so it works without JavaScript): revokes the active
 * account's session server-side, or with `all=1` every account's in this browser, and tells the
 * browser to drop its cache (and its storage once no account is left; a server action cannot set
 * that header). When other accounts stay signed in, the next one becomes active and the browser
 * goes to its account page; otherwise to the sign-in page. Without a live session it still clears
 * the cookie and redirects: signing out twice is not an error.
 */
export const POST = route(async (request) => {
  assertSameSite(request);
  const browser = browserCookiesFromHeader(request.headers.get("cookie"));
  let result: { cookies: Awaited<ReturnType<typeof signOutOfBrowser>>; remaining: number };
  if (await signsOutAll(request)) {
    result = { cookies: await signOutOfBrowser(browser), remaining: 0 };
  } else {
    const session = await authenticateCookieValue(browser.session);
    if (session) await signOut(session.sessionId);
    result = await afterBrowserSignOut(browser, session?.userId ?? null);
  }
  return withSessionCookies(
    new Response(null, {
      status: 303,
      headers: {
        location: result.remaining > 0 ? "/account?notice=signed-out-one" : "/login?notice=signed-out",
        "cache-control": "no-store",
        "clear-site-data": clearSiteDataAfterSignOut(result.remaining),
      },
    }),
    result.cookies,
  );
});
