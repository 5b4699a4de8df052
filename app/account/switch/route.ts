import { assertSameSite, browserCookiesFromHeader, switchBrowserAccount, withSessionCookies } from "@/lib/auth/session";
import { route } from "@/lib/http";
import { afterSignInPath } from "@/lib/http/safe-redirect";
import { SwitchAccountSchema } from "@/lib/validation";

/**
 * The account switcher's choice (a plain form post, so it works without JavaScript): makes another
 * of the accounts signed in in this browser the active one, then goes back to `returnTo`. An
 * account that is not signed in here (or whose session has ended) sends the browser to sign in.
 */
export const POST = route(async (request) => {
  assertSameSite(request);
  const form = await request.formData().catch(() => null);
  const parsed = SwitchAccountSchema.safeParse({
    userId: form?.get("userId") ?? undefined,
    returnTo: form?.get("returnTo") ?? undefined,
  });
  const browser = browserCookiesFromHeader(request.headers.get("cookie"));
  const cookies = parsed.success ? await switchBrowserAccount(browser, parsed.data.userId) : null;
  const location = cookies ? afterSignInPath(parsed.data?.returnTo) : "/login?addAccount=1&notice=account-signed-out";
  return withSessionCookies(
    new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } }),
    cookies ?? [],
  );
});
