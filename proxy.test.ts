import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startTokenFamily } from "./lib/auth/api-tokens";
import { config as appConfig } from "./lib/config";
import { insertUser } from "./lib/testing/fixtures";
import { RENEW_AFTER_SECONDS } from "./lib/auth/session/authenticate";
import { decodeSessionToken, SESSION_COOKIE_NAME } from "./lib/auth/session/cookie";
import { createSession } from "./lib/auth/session/registry";
import { PROXYLESS_PATHS } from "./lib/http/proxyless-paths";
import { NON_PAGE_CSP } from "./lib/http/security-headers";
import { config, proxy } from "./proxy";

afterEach(() => {
  vi.useRealTimers();
});

async function pageLoad(cookie: string) {
  return proxy(
    new NextRequest("http://localhost:3000/account", { headers: { cookie: `${SESSION_COOKIE_NAME}=${cookie}` } }),
  );
}

describe("proxy: sliding renewal on page loads", () => {
  it("re-issues a due session cookie on a page load, and leaves a fresh one alone", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "192.0.2.70", userAgent: "vitest" });

    expect((await pageLoad(cookie.value)).headers.get("set-cookie")).toBeNull();

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (RENEW_AFTER_SECONDS + 60) * 1000);
    const response = await pageLoad(cookie.value);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE_NAME}=`));
    expect(setCookie).toMatch(/HttpOnly/);
    const renewed = setCookie.split(";")[0]!.slice(SESSION_COOKIE_NAME.length + 1);
    expect(renewed).not.toBe(cookie.value);
    expect((await decodeSessionToken(renewed))?.sub).toBe(user.id);
  });

  it("never puts a cookie on the API reference's publicly cached assets", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "192.0.2.72", userAgent: "vitest" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (RENEW_AFTER_SECONDS + 60) * 1000);
    const response = await proxy(
      new NextRequest("http://localhost:3000/docs/assets/swagger-ui.css?v=5", {
        headers: { cookie: `${SESSION_COOKIE_NAME}=${cookie.value}` },
      }),
    );
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("does not renew on API requests (their handlers renew)", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "192.0.2.71", userAgent: "vitest" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (RENEW_AFTER_SECONDS + 60) * 1000);
    const response = await proxy(
      new NextRequest("http://localhost:3000/api/v1/me", {
        headers: { cookie: `${SESSION_COOKIE_NAME}=${cookie.value}` },
      }),
    );
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});

describe("proxy: headers of pages that carry a secret in their URL", () => {
  it("token pages send Referrer-Policy: no-referrer, other pages the site-wide policy", async () => {
    for (const path of [
      "/activate?token=abc",
      "/activate/cancel?token=abc",
      "/reset-password?token=abc",
      "/unlock?token=abc",
    ]) {
      const response = await proxy(new NextRequest(`http://localhost:3000${path}`));
      expect(response.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
    for (const path of ["/", "/login", "/account", "/activated", "/api/v1/me"]) {
      const response = await proxy(new NextRequest(`http://localhost:3000${path}`));
      expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
    }
  });

  it("sends a CSP that forbids <base> elements", async () => {
    const csp = (await proxy(new NextRequest("http://localhost:3000/login"))).headers.get("content-security-policy");
    expect(csp).toContain("base-uri 'none'");
  });
});

describe("proxy: only pages get a nonce and a rewritten request", () => {
  it("gives a page a fresh nonce in its CSP and hands the same nonce to Next in the request", async () => {
    const [first, second] = [
      await proxy(new NextRequest("http://localhost:3000/login")),
      await proxy(new NextRequest("http://localhost:3000/login")),
    ];
    const nonce = first.headers.get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
  });

  it("treats an API path no route serves as a page: Next renders its HTML 404 page there", async () => {
    const response = await proxy(new NextRequest("http://localhost:3000/api/v1/no-such-thing"));
    expect(response.headers.get("content-security-policy")).toMatch(/'nonce-[^']+'/);
    expect(response.headers.get("x-middleware-request-x-nonce")).toBeTruthy();
  });

  it("gives JSON and files the fixed headers, with no nonce and the request untouched", async () => {
    for (const path of ["/api/health", "/api/v1/me", "/.well-known/jwks.json", "/photos/u/p.webp", "/theme.css"]) {
      const response = await proxy(new NextRequest(`http://localhost:3000${path}`));
      expect(response.headers.get("x-middleware-next"), path).toBe("1");
      expect(response.headers.get("content-security-policy"), path).toBe(NON_PAGE_CSP);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("x-middleware-override-headers"), path).toBeNull();
    }
  });
});

describe("proxy: the paths it runs on", () => {
  const runsOn = (path: string) => unstable_doesMiddlewareMatch({ config, url: `http://localhost:3000${path}` });

  it("leaves out exactly the proxyless paths (probes, JWKS) and the build's assets", () => {
    for (const path of [...PROXYLESS_PATHS, "/_next/static/chunks/a.js", "/favicon.ico"])
      expect(runsOn(path), path).toBe(false);
  });

  it("runs on everything else, look-alikes of the proxyless paths included", () => {
    for (const path of [
      "/",
      "/login",
      "/api/v1/me",
      "/api/healthz",
      "/api/health/x",
      "/api/ready/x",
      "/.well-known/jwks.jsonx",
      "/api/auth/session",
      "/docs",
    ]) {
      expect(runsOn(path), path).toBe(true);
    }
  });
});

describe("proxy: forms posted from a no-referrer page", () => {
  const post = (headers: Record<string, string>) =>
    proxy(new NextRequest("http://localhost:3000/activate?token=abc", { method: "POST", headers }));

  it("hands Next our origin for a same-origin post that says Origin: null, so its action check passes", async () => {
    const response = await post({ host: "localhost:3000", "sec-fetch-site": "same-origin", origin: "null" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-request-origin")).toBe("http://localhost:3000");
  });

  it("still refuses a cross-site post with Origin: null, and forwards a real Origin unchanged", async () => {
    const cross = await post({ host: "localhost:3000", "sec-fetch-site": "cross-site", origin: "null" });
    expect(cross.status).toBe(403);
    const normal = await post({
      host: "localhost:3000",
      "sec-fetch-site": "same-origin",
      origin: "http://localhost:3000",
    });
    expect(normal.headers.get("x-middleware-request-origin")).toBe("http://localhost:3000");
  });
});

describe("proxy: Bearer requests", () => {
  it("lets a cross-site API mutation with a Bearer token through, counted against its user", async () => {
    const user = await insertUser();
    const { tokens } = await startTokenFamily(user.id, { ip: "192.0.2.1", userAgent: "vitest" });
    const headers = { "sec-fetch-site": "cross-site", origin: "https://evil.example" };
    const request = (extra: Record<string, string>) =>
      proxy(
        new NextRequest("http://localhost:3000/api/v1/auth/logout", {
          method: "POST",
          headers: { ...headers, ...extra },
        }),
      );
    expect((await request({})).status).toBe(403);
    const bearer = await request({ authorization: `Bearer ${tokens.access_token}` });
    expect(bearer.status).toBe(200);
    expect(bearer.headers.get("ratelimit-limit")).toBe(String(appConfig.rateLimit.userPerMinute));
  });
});

describe("proxy: methods a path of the API does not have", () => {
  // Its own client address: these requests must not eat the budget of the tests above.
  const send = (path: string, method: string) =>
    proxy(new NextRequest(`http://localhost:3000${path}`, { method, headers: { "x-forwarded-for": "198.51.100.40" } }));

  it("answers 405 problem JSON with Allow listing the path's methods, and the edge's headers", async () => {
    for (const [path, method, allow] of [
      ["/api/v1/me", "PUT", "GET, HEAD, OPTIONS, PATCH"],
      ["/api/v1/users/some-id", "POST", "DELETE, GET, HEAD, OPTIONS, PATCH"],
      ["/api/v1/users/some-id/mfa", "GET", "DELETE, OPTIONS"],
      ["/api/v1/me/passkeys/options", "DELETE", "OPTIONS, POST"],
      ["/api/health", "POST", "GET, HEAD, OPTIONS"],
      ["/.well-known/jwks.json", "DELETE", "GET, HEAD, OPTIONS"],
    ] as const) {
      const response = await send(path, method);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("allow"), `${method} ${path}`).toBe(allow);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("content-security-policy")).toContain("base-uri 'none'");
      expect(await response.json()).toMatchObject({ status: 405, code: "method_not_allowed" });
    }
  });

  it("refuses HEAD where the path has no GET, and lets it through where it has", async () => {
    const head = await send("/api/v1/auth/login", "HEAD");
    expect(head.status).toBe(405);
    expect(head.headers.get("allow")).toBe("OPTIONS, POST");
    expect((await send("/api/v1/me", "HEAD")).headers.get("x-middleware-next")).toBe("1");
  });

  it("leaves documented methods, OPTIONS, and paths outside the document to Next", async () => {
    for (const [path, method] of [
      ["/api/v1/me", "PATCH"],
      ["/api/v1/users/some-id", "DELETE"],
      ["/api/v1/auth/login", "OPTIONS"],
      ["/api/v1/users/some-id/mfa", "OPTIONS"],
      ["/api/auth/session", "GET"],
      ["/api/auth/signout", "POST"],
      ["/api/auth/session", "PUT"],
      ["/api/v1/not-a-route", "PUT"],
      ["/api/v1/users/a/b", "PUT"],
      ["/account", "DELETE"],
    ] as const) {
      const response = await send(path, method);
      expect(response.headers.get("x-middleware-next"), `${method} ${path}`).toBe("1");
    }
  });
});
