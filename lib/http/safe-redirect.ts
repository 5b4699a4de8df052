/** Where to go after sign-in when no usable `callbackUrl` was given. */
export const DEFAULT_AFTER_LOGIN = "/account";

const MAX_LENGTH = 2048;
// Any ASCII control character or whitespace: browsers strip tabs and newlines from URLs, so
// "/\t/evil.example" would become "//evil.example" (a protocol-relative URL) once followed.
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f]/;
const PLACEHOLDER_ORIGIN = "http://redirect.invalid";

/**
 * Returns `target` when it is a same-origin relative path (a single leading "/", no "//", no
 * backslashes, no control characters, no scheme), normalised through the URL parser; otherwise
 * `fallback`. This is the only way a user-supplied `callbackUrl` becomes a redirect, so the app
 * can never be used as an open redirect.
 */
export function safeRedirectPath(target: unknown, fallback: string = DEFAULT_AFTER_LOGIN): string {
  if (typeof target !== "string" || target.length === 0 || target.length > MAX_LENGTH) return fallback;
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  if (target.includes("\\") || CONTROL_OR_SPACE.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can normalise into "//" (e.g. "/.//evil.example"); refuse those too.
  return path.startsWith("//") ? fallback : path;
}

// Pages that send a signed-in visitor on: coming back to them after sign-in would loop.
const SIGN_IN_PAGES = /^\/(?:login|register)(?:[/?#]|$)/;

/** Where to go after a successful sign-in: a safe `callbackUrl`, never back to a sign-in page. */
export function afterSignInPath(callbackUrl: unknown): string {
  const path = safeRedirectPath(callbackUrl);
  return SIGN_IN_PAGES.test(path) ? DEFAULT_AFTER_LOGIN : path;
}
