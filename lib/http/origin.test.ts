import { describe, expect, it } from "vitest";
import { config } from "../config";
import { isCrossSiteRequest, isRefusedCrossSiteRequest, vouchedOrigin } from "./origin";

const app = config.appUrl;
const host = new URL(app).host;
const h = (init: Record<string, string>) => new Headers({ host, ...init });

describe("isCrossSiteRequest", () => {
  it("never refuses safe methods, even from another site", () => {
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "cross-site", origin: "https://evil.example" }), "GET")).toBe(
      false,
    );
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "cross-site" }), "HEAD")).toBe(false);
  });

  it("refuses a cross-site or same-site (sibling subdomain) post by Sec-Fetch-Site", () => {
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "cross-site", origin: "https://evil.example" }), "POST")).toBe(
      true,
    );
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "same-site" }), "DELETE")).toBe(true);
  });

  it("allows our own pages and user-initiated navigations", () => {
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "same-origin", origin: app }), "POST")).toBe(false);
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "none" }), "POST")).toBe(false);
  });

  it("believes Fetch Metadata over Origin: a same-origin form post from a no-referrer page sends Origin: null", () => {
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "same-origin", origin: "null" }), "POST")).toBe(false);
    // The other way round too: a foreign Origin cannot make a cross-site request pass.
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "cross-site", origin: app }), "POST")).toBe(true);
  });

  it("falls back to Origin for browsers without Fetch Metadata", () => {
    expect(isCrossSiteRequest(h({ origin: "https://evil.example" }), "POST")).toBe(true);
    expect(isCrossSiteRequest(h({ origin: "null" }), "PATCH")).toBe(true);
    expect(isCrossSiteRequest(h({ origin: app }), "POST")).toBe(false);
  });

  it("accepts the origin the request was addressed to (several host names)", () => {
    expect(
      isCrossSiteRequest(
        new Headers({ host: "auth.internal:8080", origin: `${new URL(app).protocol}//auth.internal:8080` }),
        "POST",
      ),
    ).toBe(false);
  });

  it("does not believe X-Forwarded-Host without a trusted proxy", () => {
    const headers = new Headers({
      host,
      origin: "https://evil.example",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
    });
    expect(isCrossSiteRequest(headers, "POST")).toBe(true);
  });

  it("allows clients that are not browsers (no Origin, no Fetch Metadata)", () => {
    expect(isCrossSiteRequest(new Headers({ authorization: "Bearer x" }), "POST")).toBe(false);
    expect(isCrossSiteRequest(h({ authorization: "Bearer x" }), "DELETE")).toBe(false);
  });

  it("does not let a request without a Host header match an origin made up of 'null'", () => {
    expect(isCrossSiteRequest(new Headers({ origin: `${new URL(app).protocol}//null` }), "POST")).toBe(true);
  });
});

describe("isRefusedCrossSiteRequest", () => {
  it("refuses cross-site posts to route handlers and server actions alike", () => {
    const cross = h({ "sec-fetch-site": "cross-site", origin: "https://evil.example" });
    expect(isRefusedCrossSiteRequest("/api/v1/auth/password/change", cross, "POST")).toBe(true);
    expect(isRefusedCrossSiteRequest("/settings", cross, "POST")).toBe(true);
  });

  it("lets API requests with a Bearer token through (they carry no ambient credential), nowhere else", () => {
    const cross = h({
      "sec-fetch-site": "cross-site",
      origin: "https://evil.example",
      authorization: "Bearer abc.def",
    });
    expect(isRefusedCrossSiteRequest("/api/v1/auth/logout", cross, "POST")).toBe(false);
    // A server action or a page is not authenticated by Bearer tokens: the header changes nothing there.
    expect(isRefusedCrossSiteRequest("/account", cross, "POST")).toBe(true);
    const notBearer = h({ "sec-fetch-site": "cross-site", authorization: "Basic dXNlcjpwYXNz" });
    expect(isRefusedCrossSiteRequest("/api/v1/auth/logout", notBearer, "POST")).toBe(true);
    const malformed = h({ "sec-fetch-site": "cross-site", authorization: "Bearer two words" });
    expect(isRefusedCrossSiteRequest("/api/v1/auth/logout", malformed, "POST")).toBe(true);
  });

  it("lets an identity provider post its answer to Auth.js's callback", () => {
    const cross = h({ "sec-fetch-site": "cross-site", origin: "https://accounts.google.com" });
    expect(isRefusedCrossSiteRequest("/api/auth/callback/google", cross, "POST")).toBe(false);
  });

  it("exempts only Google's callback: every other Auth.js endpoint is refused cross-site", () => {
    const cross = h({ "sec-fetch-site": "cross-site", origin: "https://evil.example" });
    for (const path of [
      "/api/auth/callback/credentials",
      "/api/auth/callback/googlex",
      "/api/auth/callback/google/extra",
      "/api/auth/callback/",
      "/api/auth/signin/google",
      "/api/auth/signout",
    ]) {
      expect(isRefusedCrossSiteRequest(path, cross, "POST"), path).toBe(true);
    }
  });
});

describe("vouchedOrigin", () => {
  it("gives a same-origin post with Origin: null (a no-referrer page) the origin of its host", () => {
    expect(vouchedOrigin(h({ "sec-fetch-site": "same-origin", origin: "null" }), "POST")).toBe(
      `${new URL(app).protocol}//${host}`,
    );
  });

  it("leaves every other request's Origin alone", () => {
    expect(vouchedOrigin(h({ "sec-fetch-site": "cross-site", origin: "null" }), "POST")).toBeNull();
    expect(vouchedOrigin(h({ "sec-fetch-site": "same-site", origin: "null" }), "POST")).toBeNull();
    expect(vouchedOrigin(h({ origin: "null" }), "POST")).toBeNull();
    expect(vouchedOrigin(h({ "sec-fetch-site": "same-origin", origin: app }), "POST")).toBeNull();
    expect(vouchedOrigin(h({ "sec-fetch-site": "same-origin", origin: "null" }), "GET")).toBeNull();
  });
});

describe("isCrossSiteRequest behind a trusted proxy", () => {
  /** Runs `check` as if TRUSTED_PROXY_COUNT were 1. */
  function behindProxy<T>(check: () => T): T {
    const before = config.trustedProxyCount;
    (config as { trustedProxyCount: number }).trustedProxyCount = 1;
    try {
      return check();
    } finally {
      (config as { trustedProxyCount: number }).trustedProxyCount = before;
    }
  }

  it("accepts the origin the proxy says the request was addressed to", () => {
    const headers = new Headers({
      host: "10.0.0.5:3000",
      origin: "https://login.example.com",
      "x-forwarded-host": "login.example.com",
      "x-forwarded-proto": "https",
    });
    expect(behindProxy(() => isCrossSiteRequest(headers, "POST"))).toBe(false);
    // Without a trusted proxy the same headers are a client's word and prove nothing.
    expect(isCrossSiteRequest(headers, "POST")).toBe(true);
  });

  it("still refuses an origin that is neither ours nor the forwarded one", () => {
    const headers = new Headers({
      host: "10.0.0.5:3000",
      origin: "https://evil.example",
      "x-forwarded-host": "login.example.com",
      "x-forwarded-proto": "https",
    });
    expect(behindProxy(() => isCrossSiteRequest(headers, "POST"))).toBe(true);
  });

  it("falls back to the Host header and our own scheme when the proxy forwards neither", () => {
    const scheme = new URL(app).protocol.replace(":", "");
    const headers = new Headers({ host: "auth.internal:8080", origin: `${scheme}://auth.internal:8080` });
    expect(behindProxy(() => isCrossSiteRequest(headers, "POST"))).toBe(false);
    const otherScheme = new Headers({
      host: "auth.internal:8080",
      origin: `${scheme === "https" ? "http" : "https"}://auth.internal:8080`,
    });
    expect(behindProxy(() => isCrossSiteRequest(otherScheme, "POST"))).toBe(true);
  });

  it("refuses a foreign origin on a request without any Host header", () => {
    expect(behindProxy(() => isCrossSiteRequest(new Headers({ origin: "http://x.example" }), "POST"))).toBe(true);
    expect(isCrossSiteRequest(new Headers({ origin: app }), "POST")).toBe(false);
  });
});

describe("isCrossSiteRequest against another app origin", () => {
  it("compares with the app origin it is given", () => {
    const headers = new Headers({ origin: "https://auth.example.com" });
    expect(isCrossSiteRequest(headers, "POST", "https://auth.example.com")).toBe(false);
    expect(isCrossSiteRequest(headers, "POST", "https://other.example.com")).toBe(true);
  });

  it("allows a same-origin or user-initiated request whatever the case of the method", () => {
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "cross-site" }), "get")).toBe(false);
    expect(isCrossSiteRequest(h({ "sec-fetch-site": "cross-site" }), "post")).toBe(true);
  });
});

describe("vouchedOrigin, further", () => {
  const scheme = new URL(app).protocol;

  it("uses the first forwarded host, trimmed, when one is given", () => {
    const headers = h({
      "sec-fetch-site": "same-origin",
      origin: "null",
      "x-forwarded-host": " login.example.com , other",
    });
    expect(vouchedOrigin(headers, "POST")).toBe(`${scheme}//login.example.com`);
  });

  it("falls back to Host when the forwarded host is empty", () => {
    const headers = h({ "sec-fetch-site": "same-origin", origin: "null", "x-forwarded-host": "" });
    expect(vouchedOrigin(headers, "POST")).toBe(`${scheme}//${host}`);
  });

  it("vouches for nothing when the request names no host at all", () => {
    expect(vouchedOrigin(new Headers({ "sec-fetch-site": "same-origin", origin: "null" }), "POST")).toBeNull();
  });

  it("vouches only for Origin: null, not for a missing Origin", () => {
    expect(vouchedOrigin(h({ "sec-fetch-site": "same-origin" }), "POST")).toBeNull();
  });
});
