import { config } from "../config";
import { bearerToken } from "./bearer";
import { isMutatingMethod } from "./methods";

/**
 * The one CSRF rule: a state-changing request that a browser sends with our cookies must come
 * from our own origin. Browsers send `Sec-Fetch-Site` (and `Origin` on cross-origin and on
 * every non-GET fetch/form post); requests without either are not from a browser page, so
 * they carry no ambient-cookie risk and are allowed. `same-site` is refused too: a sibling
 * subdomain is another application.
 *
 * When `Sec-Fetch-Site` is present it decides alone: no page can set or forge it, whereas
 * `Origin` is "null" on a form post from a page with `Referrer-Policy: no-referrer` (our token
 * pages, and every page a client-side navigation reaches from one), which would refuse our own
 * forms. `Origin` is only the fallback for browsers without Fetch Metadata.
 */
export function isCrossSiteRequest(headers: Headers, method: string, appOrigin = config.appUrl): boolean {
  if (!isMutatingMethod(method)) return false;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite !== "same-origin" && fetchSite !== "none";
  const origin = headers.get("origin");
  if (origin === null) return false;
  return origin !== appOrigin && origin !== hostOrigin(headers);
}

// The one exemption: Google's answer to a sign-in may come back as a cross-site post
// (response_mode=form_post), and Auth.js checks it with its state and PKCE cookies, the CSRF
// protection of that flow. Exactly this path: no other Auth.js callback (there is no other
// provider, and a credentials callback would be a second, unprotected sign-in path).
const CROSS_SITE_ALLOWED_PATHS = new Set(["/api/auth/callback/google"]);

/**
 * What `proxy.ts` enforces for every route handler, Auth.js endpoint and server action: a
 * state-changing request that a browser marks as coming from another site is refused, whether
 * it carries the session cookie (CSRF) or not (login CSRF through a sign-in form). Clients
 * that are not browsers send neither header and are unaffected.
 */
export function isRefusedCrossSiteRequest(pathname: string, headers: Headers, method: string): boolean {
  if (CROSS_SITE_ALLOWED_PATHS.has(pathname)) return false;
  // An API request with a Bearer token is authenticated by that token alone (cookies play no part:
  // lib/auth/session/guard.ts), and no other site can make a browser add the header.
  if (pathname.startsWith("/api/") && bearerToken(headers.get("authorization")) !== null) return false;
  return isCrossSiteRequest(headers, method);
}

/**
 * The `Origin` to hand to Next for a state-changing request that Fetch Metadata proves
 * same-origin but whose `Origin` is "null": a form posted from a page with `Referrer-Policy:
 * no-referrer` (our token pages). Next's own server-action check compares `Origin` with the host
 * and would refuse such a form when it works without JavaScript; the request is ours (no page can
 * forge `Sec-Fetch-Site`), so it gets the origin of the host it was sent to, the header Next
 * compares against. Null for every other request: their `Origin` stays as sent.
 */
export function vouchedOrigin(headers: Headers, method: string): string | null {
  if (!isMutatingMethod(method) || headers.get("sec-fetch-site") !== "same-origin") return null;
  if (headers.get("origin") !== "null") return null;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host) return null;
  return `${new URL(config.appUrl).protocol}//${host}`;
}

// The origin the request was addressed to, for deployments reached under several names.
// Forwarded host/proto are only believed when a trusted proxy sets them.
function hostOrigin(headers: Headers): string | null {
  const trusted = config.trustedProxyCount > 0;
  const host = (trusted ? headers.get("x-forwarded-host") : null) ?? headers.get("host");
  if (!host) return null;
  const proto = (trusted ? headers.get("x-forwarded-proto") : null) ?? new URL(config.appUrl).protocol.replace(":", "");
  return `${proto}://${host}`;
}
