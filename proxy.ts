import { NextResponse, type NextRequest } from "next/server";
import { renewSessionCookieIfDue, withSessionCookieValue } from "./lib/auth/session/renew";
import { serializeSessionCookie } from "./lib/auth/session/set-cookie";
import { config as appConfig } from "./lib/config";
import { documentedMethods } from "./lib/http/allowed-methods";
import { problemResponse } from "./lib/http/problem";
import { isRefusedCrossSiteRequest, vouchedOrigin } from "./lib/http/origin";
import { createNonce, nonPageSecurityHeaders, securityHeaders } from "./lib/http/security-headers";
import { isRateLimited, rateLimitHeaders, rateLimiter, rejectionHeaders, requestIdentity } from "./lib/ratelimit";

const formActionOrigins = appConfig.google ? [new URL(appConfig.google.issuer).origin] : [];
// A LOGO_URL on another site (a CDN) must be allowed as an image source; one of ours needs nothing.
const logoOrigin = appConfig.brand.logoUrl ? new URL(appConfig.brand.logoUrl).origin : null;
const imageOrigins = logoOrigin && logoOrigin !== appConfig.appUrl ? [logoOrigin] : [];
const NON_PAGE_HEADERS = { http: nonPageSecurityHeaders(appConfig.secureCookies), https: nonPageSecurityHeaders(true) };

/**
 * The edge of every request except static assets: rate limits (shared through Redis), the
 * cross-site refusal for state-changing requests, a 405 problem for a method that a path of the
 * OpenAPI document does not have, and the security headers. Only pages get a fresh CSP nonce
 * (Next stamps it on their scripts) and a rewritten request; JSON and files get fixed headers
 * built once and go on untouched (docs/decisions/098). Optimistic by design: handlers still
 * authenticate.
 */
export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname } = request.nextUrl;
  const https = appConfig.secureCookies || request.nextUrl.protocol === "https:";
  const allowed = documentedMethods(pathname);
  const nonce = rendersHtml(pathname, allowed) ? createNonce() : null;
  const security = nonce
    ? securityHeaders({ nonce, https, development: !appConfig.isProduction, formActionOrigins, imageOrigins, pathname })
    : NON_PAGE_HEADERS[https ? "https" : "http"];

  let limitHeaders: Record<string, string> = {};
  if (isRateLimited(pathname, request.method)) {
    const decision = await rateLimiter().limit(await requestIdentity(request.headers));
    if (!decision.success) {
      return problemResponse("rate_limited", "Too many requests; try again after the time in Retry-After.", {
        headers: { ...rejectionHeaders(decision), ...security },
      });
    }
    limitHeaders = rateLimitHeaders(decision);
  }

  if (isRefusedCrossSiteRequest(pathname, request.headers, request.method)) {
    return problemResponse(
      "cross_site_request",
      "State-changing requests must come from this application's own pages.",
      {
        headers: { ...limitHeaders, ...security },
      },
    );
  }

  // Next would answer a method the route does not export with a bare 405: no body, no Allow.
  if (allowed && !allowed.includes(request.method)) {
    return problemResponse("method_not_allowed", `${request.method} is not a method of this path; see Allow.`, {
      headers: { allow: allowed.join(", "), ...limitHeaders, ...security },
    });
  }

  if (!nonce) {
    const response = NextResponse.next();
    for (const [name, value] of Object.entries({ ...security, ...limitHeaders })) response.headers.set(name, value);
    return response;
  }

  // Next reads the nonce from the CSP of the request it renders and puts it on its scripts.
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("content-security-policy", security["Content-Security-Policy"]!);
  // A same-origin form from a no-referrer page says `Origin: null`; Next's action check needs ours.
  const origin = vouchedOrigin(request.headers, request.method);
  if (origin) forwarded.set("origin", origin);
  // Pages cannot write cookies, so sliding renewal for plain page loads happens here; route
  // handlers and server actions renew their own. The page renders with the renewed cookie.
  const renewed = isPageLoad(pathname, request.method)
    ? await renewSessionCookieIfDue(request.headers.get("cookie"))
    : null;
  if (renewed) forwarded.set("cookie", withSessionCookieValue(request.headers.get("cookie") ?? "", renewed));
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries({ ...security, ...limitHeaders })) response.headers.set(name, value);
  if (renewed) response.headers.append("set-cookie", serializeSessionCookie(renewed));
  return response;
}

// The API, the JWKS and files (the API reference's, profile photos, the theme stylesheet): no HTML,
// so no nonce; and the publicly cacheable ones must never carry a Set-Cookie.
const NON_PAGE_PREFIXES = ["/api/", "/_next/", "/.well-known/", "/docs/assets/", "/photos/", "/theme.css"];

function isPage(pathname: string): boolean {
  return !NON_PAGE_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/** Pages, and an API path no route serves (Next renders the HTML 404 page there). */
function rendersHtml(pathname: string, documented: readonly string[] | null): boolean {
  return (
    isPage(pathname) || (documented === null && pathname.startsWith("/api/") && !pathname.startsWith("/api/auth/"))
  );
}

function isPageLoad(pathname: string, method: string): boolean {
  return (method === "GET" || method === "HEAD") && isPage(pathname);
}

export const config = {
  // Hashed, immutable build assets get their (static) security headers from next.config.ts, and
  // so do the paths of lib/http/proxyless-paths.ts (the probes and the JWKS).
  matcher: ["/((?!_next/static/|_next/image|favicon.ico|api/health$|api/ready$|\\.well-known/jwks\\.json$).*)"],
};
