import { randomBytes } from "node:crypto";

/** A fresh CSP nonce per response: 128 random bits. */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

export type SecurityHeaderOptions = {
  nonce: string;
  /** Served over https: adds HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** `next dev`: React needs eval for its debugging aids there, never in production. */
  development: boolean;
  /** Origins a form may post to besides our own (the OpenID provider a sign-in form redirects to). */
  formActionOrigins?: readonly string[];
  /** Origins images may come from besides our own (a configured LOGO_URL on a CDN). */
  imageOrigins?: readonly string[];
  /** The request's path: pages that carry a secret in their URL get a stricter Referrer-Policy. */
  pathname?: string;
};

/**
 * The Content-Security-Policy: scripts only with this response's nonce (Next reads it from the
 * forwarded request's CSP and stamps its own scripts; 'strict-dynamic' lets those load their
 * chunks), nothing may frame us, no plugins, no <base> hijacking.
 */
export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const nonce = `'nonce-${options.nonce}'`;
  const directives = [
    "default-src 'self'",
    `script-src 'self' ${nonce} 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    // Next's development overlay inserts <style> elements without the nonce; with a nonce in the
    // list browsers ignore 'unsafe-inline', so development lists only the latter (styles only).
    options.development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' ${nonce}`,
    `img-src 'self' blob: data:${(options.imageOrigins ?? []).map((origin) => ` ${origin}`).join("")}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    // No page uses <base>: an injected one could re-point every relative URL, so none is allowed.
    "base-uri 'none'",
    // Chromium applies form-action to the redirects after a post, e.g. sign-in → the provider.
    `form-action 'self'${(options.formActionOrigins ?? []).map((origin) => ` ${origin}`).join("")}`,
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Browser features this app never uses, switched off for it and anything it might embed. */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "browsing-topics=()",
].join(", ");

/** Headers that never change per response; also sent on static assets (see next.config.ts). */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": PERMISSIONS_POLICY,
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * The CSP of everything that is not a page (JSON, images, scripts and stylesheets as files): such
 * a response runs nothing itself, so it allows nothing. Fixed, so it needs no nonce.
 */
export const NON_PAGE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Every security header of a response that is not a page: the same for each one, built once. */
export function nonPageSecurityHeaders(https: boolean): Readonly<Record<string, string>> {
  return Object.freeze({
    "Content-Security-Policy": NON_PAGE_CSP,
    ...STATIC_SECURITY_HEADERS,
    ...(https ? { "Strict-Transport-Security": HSTS } : {}),
  });
}

/**
 * Pages whose URL carries a one-time secret from an email link (activation, cancelling a
 * registration, password reset, unlock, invitation). They send no Referer at all: the default
 * policy would still give the full URL, token included, to any same-origin request, and a
 * path-only one to other sites; "no-referrer" keeps the token out of every log it could reach.
 */
const TOKEN_PAGES = new Set(["/activate", "/activate/cancel", "/reset-password", "/unlock", "/invitation"]);

/** The Referrer-Policy for a page: "no-referrer" where the URL carries a secret. */
export function referrerPolicyFor(pathname: string): string {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return TOKEN_PAGES.has(path) ? "no-referrer" : STATIC_SECURITY_HEADERS["Referrer-Policy"]!;
}

/**
 * Sent with every logout: the browser drops its HTTP cache (pages of the signed-in account) and
 * the origin's storage. Not "cookies": that would also delete the device cookie that lets this
 * browser keep signing in while a stranger's guesses have the account locked;
 * the session cookie itself is cleared by name.
 */
export const CLEAR_SITE_DATA_ON_LOGOUT = '"cache", "storage"';

/**
 * Clear-Site-Data after a sign-out: everything above once no account is left in the browser; only
 * the cache (the signed-out account's pages) while other accounts stay signed in there.
 */
export function clearSiteDataAfterSignOut(remainingAccounts: number): string {
  return remainingAccounts > 0 ? '"cache"' : CLEAR_SITE_DATA_ON_LOGOUT;
}

/** Every security header of a response the proxy handles. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    ...STATIC_SECURITY_HEADERS,
    ...(options.pathname ? { "Referrer-Policy": referrerPolicyFor(options.pathname) } : {}),
    ...(options.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
