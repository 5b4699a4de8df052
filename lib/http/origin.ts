import { config } from "../config";
import { isMutatingMethod } from "./methods";

/**
 * The one CSRF rule: a state-changing request that a browser sends with our cookies must come
 * from our own origin. Browsers send `Sec-Fetch-Site` (and `Origin` on cross-origin and on
 * every non-GET fetch/form post); requests without either are not from a browser page, so
 * they carry no ambient-cookie risk and are allowed. `same-site` is refused too: a sibling
 * subdomain is another application.
 */
export function isCrossSiteRequest(headers: Headers, method: string, appOrigin = config.appUrl): boolean {
  if (!isMutatingMethod(method)) return false;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  return origin !== appOrigin && origin !== hostOrigin(headers);
}

// OAuth providers may post the authorization response back (response_mode=form_post); Auth.js
// checks those with its state and PKCE cookies, which is the CSRF protection of that flow.
const CROSS_SITE_ALLOWED_PREFIXES = ["/api/auth/callback/"];

/**
 * What `proxy.ts` enforces for every route handler, Auth.js endpoint and server action: a
 * state-changing request that a browser marks as coming from another site is refused, whether
 * it carries the session cookie (CSRF) or not (login CSRF through a sign-in form). Clients
 * that are not browsers send neither header and are unaffected.
 */
export function isRefusedCrossSiteRequest(pathname: string, headers: Headers, method: string): boolean {
  if (CROSS_SITE_ALLOWED_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return false;
  return isCrossSiteRequest(headers, method);
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
