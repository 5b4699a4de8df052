import {
  assertSameSite,
  authenticateRequest,
  clearedSessionCookie,
  signOut,
  withSessionCookie,
} from "@/lib/auth/session";
import { route } from "@/lib/http";
import { CLEAR_SITE_DATA_ON_LOGOUT } from "@/lib/http/security-headers";

/**
 * The browser's "Log out" (a plain form post, so it works without JavaScript): revokes the
 * session server-side, clears its cookie, tells the browser to drop its cache and storage (a
 * server action cannot set that header), and sends it to the sign-in page. Without a live
 * session it still clears the cookie and redirects: logging out twice is not an error.
 */
export const POST = route(async (request) => {
  assertSameSite(request);
  const session = await authenticateRequest(request);
  if (session) await signOut(session.sessionId);
  return withSessionCookie(
    new Response(null, {
      status: 303,
      headers: {
        location: "/login?notice=signed-out",
        "cache-control": "no-store",
        "clear-site-data": CLEAR_SITE_DATA_ON_LOGOUT,
      },
    }),
    clearedSessionCookie(),
  );
});
