import { describe, expect, it } from "vitest";
import {
  CLEAR_SITE_DATA_ON_LOGOUT,
  HSTS,
  PERMISSIONS_POLICY,
  NON_PAGE_CSP,
  nonPageSecurityHeaders,
  STATIC_SECURITY_HEADERS,
  contentSecurityPolicy,
  createNonce,
  referrerPolicyFor,
  securityHeaders,
} from "./security-headers";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("security headers", () => {
  it("allow scripts only with the nonce, never inline or eval in production, and forbid framing", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "abc123", https: false, development: false }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-inline'");
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allow eval only in development, where React needs it, and inline styles for Next's dev overlay", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "n", https: false, development: true }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-n'", "'strict-dynamic'", "'unsafe-eval'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(
      directives(contentSecurityPolicy({ nonce: "n", https: false, development: false })).get("style-src"),
    ).toEqual(["'self'", "'nonce-n'"]);
  });

  it("let sign-in forms continue to the configured identity provider", () => {
    const csp = directives(
      contentSecurityPolicy({
        nonce: "n",
        https: true,
        development: false,
        formActionOrigins: ["https://accounts.google.com"],
      }),
    );
    expect(csp.get("form-action")).toEqual(["'self'", "https://accounts.google.com"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
  });

  it("send nosniff, the referrer and permissions policies, and HSTS only over https", () => {
    const plain = securityHeaders({ nonce: "n", https: false, development: false });
    expect(plain).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
    expect(plain["Permissions-Policy"]).toContain("camera=()");
    expect(plain["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ nonce: "n", https: true, development: false })["Strict-Transport-Security"]).toMatch(
      /^max-age=\d{8}; includeSubDomains$/,
    );
  });

  it("make a new unpredictable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    expect(createNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("security headers, in full", () => {
  it("send exactly this production policy: our own origin only, scripts and styles by nonce", () => {
    expect(contentSecurityPolicy({ nonce: "n0", https: true, development: false })).toBe(
      [
        "default-src 'self'",
        "script-src 'self' 'nonce-n0' 'strict-dynamic'",
        "style-src 'self' 'nonce-n0'",
        "img-src 'self' blob: data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "upgrade-insecure-requests",
      ].join("; "),
    );
  });

  it("do not ask plain-http pages to upgrade their requests", () => {
    expect(contentSecurityPolicy({ nonce: "n0", https: false, development: false })).toBe(
      "default-src 'self'; script-src 'self' 'nonce-n0' 'strict-dynamic'; style-src 'self' 'nonce-n0'; " +
        "img-src 'self' blob: data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'",
    );
  });

  it("let forms post to each configured identity provider, in order", () => {
    const csp = contentSecurityPolicy({
      nonce: "n",
      https: false,
      development: false,
      formActionOrigins: ["https://a.example", "https://b.example"],
    });
    expect(csp).toContain("; form-action 'self' https://a.example https://b.example; ");
  });

  it("let images come from the configured logo's site, and from nowhere else new", () => {
    const csp = contentSecurityPolicy({
      nonce: "n",
      https: false,
      development: false,
      imageOrigins: ["https://cdn.example.com"],
    });
    expect(csp).toContain("; img-src 'self' blob: data: https://cdn.example.com; ");
  });

  it("switch off every browser feature the app never uses", () => {
    expect(PERMISSIONS_POLICY).toBe(
      "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()",
    );
  });

  it("send the same fixed headers with every response, static files included", () => {
    expect(STATIC_SECURITY_HEADERS).toEqual({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Permissions-Policy": PERMISSIONS_POLICY,
      "X-Frame-Options": "DENY",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
    expect(HSTS).toBe("max-age=63072000; includeSubDomains");
  });

  it("clear the cache and storage on logout, but not the cookies (the device cookie stays)", () => {
    expect(CLEAR_SITE_DATA_ON_LOGOUT).toBe('"cache", "storage"');
  });

  it("assemble the CSP, the fixed headers and HSTS over https", () => {
    expect(securityHeaders({ nonce: "n", https: true, development: false })).toEqual({
      "Content-Security-Policy": contentSecurityPolicy({ nonce: "n", https: true, development: false }),
      ...STATIC_SECURITY_HEADERS,
      "Strict-Transport-Security": HSTS,
    });
  });
});

describe("Referrer-Policy per page", () => {
  it.each([
    "/activate",
    "/activate/cancel",
    "/reset-password",
    "/unlock",
    "/unlock/",
    "/reset-password//",
    "/invitation",
  ])("sends no Referer at all from %s, whose URL carries a token", (path) => {
    expect(referrerPolicyFor(path)).toBe("no-referrer");
    expect(securityHeaders({ nonce: "n", https: false, development: false, pathname: path })["Referrer-Policy"]).toBe(
      "no-referrer",
    );
  });

  it.each(["/", "/login", "/activate/other", "/activatex", "/account/unlock"])(
    "keeps the default policy on %s",
    (path) => {
      expect(referrerPolicyFor(path)).toBe("strict-origin-when-cross-origin");
      expect(securityHeaders({ nonce: "n", https: false, development: false, pathname: path })["Referrer-Policy"]).toBe(
        "strict-origin-when-cross-origin",
      );
    },
  );
});

describe("the security headers of everything that is not a page", () => {
  it("allow nothing to run or frame, carry the static headers, and add HSTS only over https", () => {
    expect(nonPageSecurityHeaders(false)).toEqual({
      "Content-Security-Policy": NON_PAGE_CSP,
      ...STATIC_SECURITY_HEADERS,
    });
    expect(nonPageSecurityHeaders(true)["Strict-Transport-Security"]).toBe(HSTS);
    for (const directive of ["default-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]) {
      expect(NON_PAGE_CSP).toContain(directive);
    }
  });
});
