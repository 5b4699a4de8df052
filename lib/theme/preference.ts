/**
 * The visitor's colour theme: "system" follows prefers-color-scheme, "light" and "dark" override
 * it. Kept in a plain cookie (not secret, not HttpOnly: the switch writes it from the page without
 * a reload, and the theme form post writes the same cookie without JavaScript).
 */
export const THEME_COOKIE = "theme";
export const THEME_PREFERENCES = ["system", "light", "dark"] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];

/** A year: the choice outlives sessions. */
export const THEME_COOKIE_MAX_AGE = 365 * 86_400;

/** The preference a cookie or form value names; anything else is "system". */
export function parseThemePreference(value: unknown): ThemePreference {
  return THEME_PREFERENCES.find((preference) => preference === value) ?? "system";
}

/** The class <html> carries: none for "system" (the stylesheet's media query decides). */
export function themeClass(preference: ThemePreference): string | undefined {
  return preference === "system" ? undefined : preference;
}

/** The Set-Cookie value (also what the switch assigns to document.cookie). */
export function themeCookie(preference: ThemePreference, secure: boolean): string {
  return `${THEME_COOKIE}=${preference}; Path=/; Max-Age=${THEME_COOKIE_MAX_AGE}; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/**
 * Where the theme form post goes back to: the page it was sent from (its Referer, when that is
 * one of ours), else the home page. Pages with a secret in the URL send no Referer; the visitor
 * then lands on the home page, never on a URL we did not vouch for.
 */
export function themeReturnPath(referer: string | null, appOrigin: string, safePath: (path: string) => string): string {
  if (!referer) return "/";
  try {
    const url = new URL(referer);
    return url.origin === appOrigin ? safePath(`${url.pathname}${url.search}`) : "/";
  } catch {
    return "/";
  }
}
