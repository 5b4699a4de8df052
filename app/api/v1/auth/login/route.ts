import { assertSameSite, requestMeta, sessionCookieValue, signIn, withSessionCookie } from "@/lib/auth/session";
import { getMe } from "@/lib/accounts";
import { readJsonOrJwe, route } from "@/lib/http";
import { LoginSchema } from "@/lib/validation";

export const POST = route(async (request) => {
  // Login CSRF: another site must not be able to sign a browser into an account of its choosing.
  assertSameSite(request);
  const input = await readJsonOrJwe(request, LoginSchema);
  // Signing in again from the same browser replaces (revokes) the session its cookie carried.
  const replaced = sessionCookieValue(request.headers.get("cookie"));
  const { userId, cookie, deviceCookie } = await signIn(input, requestMeta(request.headers), replaced);
  const user = await getMe(userId);
  const response = Response.json({ user }, { headers: { "cache-control": "no-store" } });
  return withSessionCookie(withSessionCookie(response, cookie), deviceCookie);
});
