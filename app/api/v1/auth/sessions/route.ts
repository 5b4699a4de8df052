import { signOutOtherSessions } from "@/lib/accounts";
import { listSessions, requestMeta, authenticate, withRenewal } from "@/lib/auth/session";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const session = await authenticate(request);
  const items = await listSessions(session.userId, session.sessionId);
  return withRenewal(Response.json({ items }, { headers: { "cache-control": "no-store" } }), session);
});

/** Signs out every other session of the caller (needs a recent sign-in: 403 otherwise). */
export const DELETE = route(async (request) => {
  const session = await authenticate(request);
  await signOutOtherSessions(session, requestMeta(request.headers));
  return withRenewal(new Response(null, { status: 204, headers: { "cache-control": "no-store" } }), session);
});
