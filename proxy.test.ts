import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startTokenFamily } from "./lib/auth/api-tokens";
import { config as appConfig } from "./lib/config";
import { insertUser } from "./lib/testing/fixtures";
import { RENEW_AFTER_SECONDS } from "./lib/auth/session/authenticate";
import { decodeSessionToken, SESSION_COOKIE_NAME } from "./lib/auth/session/cookie";
import { createSession } from "./lib/auth/session/registry";
import { proxy } from "./proxy";

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
