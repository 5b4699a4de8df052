import { signOutSession } from "@/lib/accounts";
import { clearedSessionCookie, requestMeta, authenticate, withRenewal, withSessionCookie } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";

type Context = { params: Promise<{ id: string }> };

/** Ends one of the caller's sessions; another one than this needs a recent sign-in (403 otherwise). */
export const DELETE = route<Context>(async (request, { params }) => {
  const session = await authenticate(request);
  const { id } = await params;
  if (id.length > 64) throw new AppError("not_found", "No such session.");
  await signOutSession(session, id, requestMeta(request.headers));
  const response = new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  // Revoking the session this request came with is a logout.
  if (id !== session.sessionId) return withRenewal(response, session);
  return session.via === "cookie" ? withSessionCookie(response, clearedSessionCookie()) : response;
});
