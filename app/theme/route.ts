import { assertSameSite } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { route } from "@/lib/http";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { parseThemePreference } from "@/lib/theme";
import { themeCookie, themeReturnPath } from "@/lib/theme/preference";

/**
 * The theme switch without JavaScript (a plain form post): keeps the choice in the theme cookie and
 * goes back to the page. With JavaScript the switch writes the same cookie itself, without a reload.
 */
export const POST = route(async (request) => {
  assertSameSite(request);
  const form = await request.formData().catch(() => null);
  const preference = parseThemePreference(form?.get("theme"));
  const location = themeReturnPath(request.headers.get("referer"), config.appUrl, (path) =>
    safeRedirectPath(path, "/"),
  );
  return new Response(null, {
    status: 303,
    headers: {
      location,
      "cache-control": "no-store",
      "set-cookie": themeCookie(preference, config.secureCookies),
    },
  });
});
