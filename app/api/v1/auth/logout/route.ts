import { authenticate, clearedSessionCookie, signOut, withSessionCookie } from "@/lib/auth/session";
import { route } from "@/lib/http";
import { CLEAR_SITE_DATA_ON_LOGOUT } from "@/lib/http/security-headers";

/** Ends the caller's session, or with a Bearer token its whole token family. */
export const POST = route(async (request) => {
  const session = await authenticate(request);
  await signOut(session.sessionId);
  if (session.via === "bearer") return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  return withSessionCookie(
    new Response(null, {
      status: 204,
      headers: { "cache-control": "no-store", "clear-site-data": CLEAR_SITE_DATA_ON_LOGOUT },
    }),
    clearedSessionCookie(),
  );
});
