import {
  assertSameSite,
  requestMeta,
  revokeReplacedSession,
  sessionCookieValue,
  signIn,
  withSessionCookie,
} from "@/lib/auth/session";
import { getMe } from "@/lib/accounts";
import { readJsonOrJwe, route } from "@/lib/http";
import { LoginSchema } from "@/lib/validation";

export const POST = route(async (request) => {
  // Login CSRF: another site must not be able to sign a browser into an account of its choosing.
  assertSameSite(request);
  const input = await readJsonOrJwe(request, LoginSchema);
  const { userId, cookie } = await signIn(input, requestMeta(request.headers));
  // Signing in again from the same browser replaces its previous session.
  await revokeReplacedSession(sessionCookieValue(request.headers.get("cookie")));
  const user = await getMe(userId);
  return withSessionCookie(Response.json({ user }, { headers: { "cache-control": "no-store" } }), cookie);
});
