import { getMe } from "@/lib/accounts";
import { signInWithPasskey } from "@/lib/auth/mfa/passkey-sign-in";
import { assertSameSite, requestMeta, sessionCookieValue, withSessionCookie } from "@/lib/auth/session";
import { readJson, route } from "@/lib/http";
import { PasskeyLoginSchema } from "@/lib/validation";

/** Signs in with a passkey alone (both factors at once); sets the session cookie like POST /api/v1/auth/login. */
export const POST = route(async (request) => {
  // Login CSRF: another site must not be able to sign a browser into an account of its choosing.
  assertSameSite(request);
  const input = await readJson(request, PasskeyLoginSchema);
  // Signing in again from the same browser replaces (revokes) the session its cookie carried.
  const replaced = sessionCookieValue(request.headers.get("cookie"));
  const { userId, cookie, deviceCookie } = await signInWithPasskey(input, requestMeta(request.headers), replaced);
  const user = await getMe(userId);
  const response = Response.json({ user }, { headers: { "cache-control": "no-store" } });
  return withSessionCookie(withSessionCookie(response, cookie), deviceCookie);
});
