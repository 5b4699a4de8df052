import {
  afterBrowserSignOut,
  authenticate,
  browserCookiesFromHeader,
  signOut,
  withSessionCookies,
} from "@/lib/auth/session";
import { route } from "@/lib/http";
import { clearSiteDataAfterSignOut } from "@/lib/http/security-headers";

/**
 * Ends the caller's session, or with a Bearer token its whole token family. In a browser that
 * holds several accounts, the one signed out is the active one or the one `X-Active-User` names;
 * the others stay signed in (the next becomes active when the active one leaves).
 */
export const POST = route(async (request) => {
  const session = await authenticate(request);
  await signOut(session.sessionId);
  if (session.via === "bearer") return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  const browser = browserCookiesFromHeader(request.headers.get("cookie"));
  const { cookies, remaining } = await afterBrowserSignOut(browser, session.userId);
  return withSessionCookies(
    new Response(null, {
      status: 204,
      headers: { "cache-control": "no-store", "clear-site-data": clearSiteDataAfterSignOut(remaining) },
    }),
    cookies,
  );
});
