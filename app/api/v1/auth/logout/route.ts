import { clearedSessionCookie, requireRequestSession, signOut, withSessionCookie } from "@/lib/auth/session";
import { route } from "@/lib/http";

export const POST = route(async (request) => {
  const session = await requireRequestSession(request);
  await signOut(session.sessionId);
  return withSessionCookie(
    new Response(null, { status: 204, headers: { "cache-control": "no-store" } }),
    clearedSessionCookie(),
  );
});
