import { assertSameSite, browserCookiesFromHeader, requestMeta, signIn, withSessionCookies } from "@/lib/auth/session";
import { getMe } from "@/lib/accounts";
import { readJsonOrJwe, route } from "@/lib/http";
import { LoginSchema } from "@/lib/validation";

export const POST = route(async (request) => {
  // Login CSRF: another site must not be able to sign a browser into an account of its choosing.
  assertSameSite(request);
  const input = await readJsonOrJwe(request, LoginSchema);
  // The browser's sessions are replaced (revoked), or with `addAccount` kept beside the new one.
  const browser = browserCookiesFromHeader(request.headers.get("cookie"));
  const { userId, cookies, deviceCookie } = await signIn(input, requestMeta(request.headers), {
    browser,
    addAccount: input.addAccount,
  });
  const user = await getMe(userId);
  const response = Response.json({ user }, { headers: { "cache-control": "no-store" } });
  return withSessionCookies(response, [...cookies, deviceCookie]);
});
