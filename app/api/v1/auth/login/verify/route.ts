import { getMe } from "@/lib/accounts";
import { completeBrowserSecondStep } from "@/lib/auth/mfa/sign-in-step";
import { assertSameSite, browserCookiesFromHeader, requestMeta, withSessionCookies } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { MfaVerifySchema, secondFactorProof } from "@/lib/validation/mfa-sign-in";

/** The second step of a sign-in: the `mfaToken` of a 403 `mfa_required` and one factor; then as login. */
export const POST = route(async (request) => {
  // Login CSRF: as for the first step, another site must not finish a sign-in in this browser.
  assertSameSite(request);
  const input = await readJsonOrJwe(request, MfaVerifySchema);
  const browser = browserCookiesFromHeader(request.headers.get("cookie"));
  const { userId, cookies, deviceCookie } = await completeBrowserSecondStep(
    input.mfaToken,
    secondFactorProof(input),
    requestMeta(request.headers),
    { browser, addAccount: input.addAccount },
  );
  const response = Response.json({ user: await getMe(userId) }, { headers: { "cache-control": "no-store" } });
  return withSessionCookies(response, [...cookies, deviceCookie]);
});
