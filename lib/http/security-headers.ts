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
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
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

/** Every security header of a response the proxy handles. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    ...STATIC_SECURITY_HEADERS,
    ...(options.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
