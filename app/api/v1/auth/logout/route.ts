import { clearedSessionCookie, requireRequestSession, signOut, withSessionCookie } from "@/lib/auth/session";
import { route } from "@/lib/http";
import { CLEAR_SITE_DATA_ON_LOGOUT } from "@/lib/http/security-headers";

export const POST = route(async (request) => {
  const session = await requireRequestSession(request);
  await signOut(session.sessionId);
  return withSessionCookie(
    new Response(null, {
      status: 204,
      headers: { "cache-control": "no-store", "clear-site-data": CLEAR_SITE_DATA_ON_LOGOUT },
    }),
    clearedSessionCookie(),
  );
});
