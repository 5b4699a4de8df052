import { getMe } from "@/lib/accounts";
import { signInWithPasskey } from "@/lib/auth/mfa/passkey-sign-in";
import { assertSameSite, browserCookiesFromHeader, requestMeta, withSessionCookies } from "@/lib/auth/session";
import { readJson, route } from "@/lib/http";
import { PasskeySignInSchema } from "@/lib/validation";

/** Signs in with a passkey alone (both factors at once); sets the session cookies like POST /api/v1/auth/login. */
export const POST = route(async (request) => {
  // Login CSRF: another site must not be able to sign a browser into an account of its choosing.
  assertSameSite(request);
  const input = await readJson(request, PasskeySignInSchema);
  const browser = browserCookiesFromHeader(request.headers.get("cookie"));
  const { userId, cookies, deviceCookie } = await signInWithPasskey(input, requestMeta(request.headers), {
    browser,
    addAccount: input.addAccount,
  });
  const user = await getMe(userId);
  const response = Response.json({ user }, { headers: { "cache-control": "no-store" } });
  return withSessionCookies(response, [...cookies, deviceCookie]);
});
