import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, securityHeaders } from "./security-headers";

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
