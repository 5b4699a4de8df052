import { signOutSession } from "@/lib/accounts";
import {
  afterBrowserSignOut,
  authenticate,
  browserCookiesFromHeader,
  requestMeta,
  withRenewal,
  withSessionCookies,
} from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { IdSchema } from "@/lib/validation";

type Context = { params: Promise<{ id: string }> };

/** Ends one of the caller's sessions; another one than this needs a recent sign-in (403 otherwise). */
export const DELETE = route<Context>(async (request, { params }) => {
  const session = await authenticate(request);
  // A path id that cannot name any row (too long, a NUL the database refuses) is not one of ours.
  const parsed = IdSchema.safeParse((await params).id);
  if (!parsed.success) throw new AppError("not_found", "No such session.");
  const id = parsed.data;
  await signOutSession(session, id, requestMeta(request.headers));
  const response = new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  // Revoking the session this request came with is a logout (of that account only, in a browser with several).
  if (id !== session.sessionId) return withRenewal(response, session);
  if (session.via !== "cookie") return response;
  const browser = browserCookiesFromHeader(request.headers.get("cookie"));
  return withSessionCookies(response, (await afterBrowserSignOut(browser, session.userId)).cookies);
});
