import { listSessions, requireRequestSession, revokeOtherSessions, withRenewal } from "@/lib/auth/session";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const session = await requireRequestSession(request);
  const items = await listSessions(session.userId, session.sessionId);
  return withRenewal(Response.json({ items }, { headers: { "cache-control": "no-store" } }), session);
});

/** Signs out every other session of the caller. */
export const DELETE = route(async (request) => {
  const session = await requireRequestSession(request);
  await revokeOtherSessions(session.userId, session.sessionId);
  return withRenewal(new Response(null, { status: 204, headers: { "cache-control": "no-store" } }), session);
});
