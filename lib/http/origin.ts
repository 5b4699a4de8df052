import { config } from "../config";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one CSRF rule: a state-changing request that a browser sends with our cookies must come
 * from our own origin. Browsers send `Sec-Fetch-Site` (and `Origin` on cross-origin and on
 * every non-GET fetch/form post); requests without either are not from a browser page, so
 * they carry no ambient-cookie risk and are allowed.
 */
export function isCrossSiteRequest(headers: Headers, method: string, appOrigin = config.appUrl): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  return origin !== appOrigin && origin !== hostOrigin(headers);
}

// The origin the request was addressed to, for deployments reached under several names.
function hostOrigin(headers: Headers): string | null {
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (!host) return null;
  const proto = headers.get("x-forwarded-proto") ?? new URL(config.appUrl).protocol.replace(":", "");
  return `${proto}://${host}`;
}
