// Edge protections over real HTTP: rate limits shared through Redis, the client address that a
// spoofed X-Forwarded-For cannot change, Redis outages, security headers and the cross-site
// refusal. The suite's own server runs with huge limits so journeys are not throttled; these
// tests start extra production servers (`npm start`'s server.ts, from the suite's build) with
// the normal 20/50 limits and their own Redis key prefixes.
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { expect, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { startTcpRelay, type TcpRelay } from "../lib/ratelimit/test-support/tcp-proxy";
import { spawnTsx, type Spawned } from "../lib/testing/processes";
import { e2eEnvironment } from "./support/env";

type Instance = { url: string; process: Spawned };

const running: Instance[] = [];
const closers: Array<() => Promise<unknown>> = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const spawned = spawnTsx("server.ts", {
    ...(e2eEnvironment() as Record<string, string>),
    PORT: String(port),
    APP_URL: url,
    AUTH_URL: url,
    RATE_LIMIT_ANON_PER_MIN: "20",
    RATE_LIMIT_USER_PER_MIN: "50",
    TRUSTED_PROXY_COUNT: "0",
    LOG_LEVEL: "info",
    ...env,
  });
  const instance = { url, process: spawned };
  running.push(instance);
  await spawned.waitForLog("web server listening", 60_000);
  return instance;
}

const rateLimitHeaders = (response: APIResponse) => ({
  limit: response.headers()["ratelimit-limit"],
  remaining: response.headers()["ratelimit-remaining"],
  reset: response.headers()["ratelimit-reset"],
});

/**
 * The limiter's windows are minutes since the epoch, and the sliding window weights the previous
 * minute: exact counts are only predictable when a burst does not straddle a minute boundary.
 * Waits for the next minute when fewer than `neededMs` are left in this one.
 */
async function roomInWindow(neededMs: number) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 250));
}

// A path under /api/ that no route serves: it is rate limited like every API call, and the
// 404 behind it shows that limited responses carry the headers whatever the handler answers.
const LIMITED_PATH = "/api/v1/protection-probe";

let secret: string;
let encodeSession: (userId: string) => Promise<string>;
let a: Instance;
let b: Instance;
let c: Instance;
let relay: TcpRelay;
let relayPrefix: string;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The session cookie is minted here with the secret the spawned servers are given.
  const { config } = await import("../lib/config");
  const cookie = await import("../lib/auth/session/cookie");
  secret = config.auth.secret;
  encodeSession = async (userId) => {
    const value = await cookie.encodeSessionToken(
      { sub: userId, sid: randomBytes(16).toString("hex"), aexp: Math.floor(Date.now() / 1000) + 3_600 },
      3_600,
    );
    return `${cookie.SESSION_COOKIE_NAME}=${value}`;
  };

  const shared = `e2e:protection:${process.pid}:${Date.now()}:`;
  relay = await startTcpRelay();
  relayPrefix = `${shared}relay:`;
  closers.push(() => relay.close());
  [a, b, c] = await Promise.all([
    startInstance({ AUTH_SECRET: secret, REDIS_KEY_PREFIX: shared }),
    startInstance({ AUTH_SECRET: secret, REDIS_KEY_PREFIX: shared }),
    // Reaches Redis through a relay the test can cut: "Redis down" for this instance only.
    startInstance({ AUTH_SECRET: secret, REDIS_KEY_PREFIX: relayPrefix, REDIS_URL: relay.url }),
  ]);
});

test.afterAll(async () => {
  for (const instance of running.splice(0)) {
    instance.process.child.kill("SIGTERM");
    await Promise.race([instance.process.exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (instance.process.child.exitCode === null) instance.process.child.kill("SIGKILL");
  }
  for (const close of closers.splice(0)) await close().catch(() => undefined);
});

test.describe("security headers", () => {
  test("pages carry a nonce-based CSP and the other security headers, with no framework banner", async ({
    request,
  }) => {
    const first = await request.get(`${a.url}/`);
    const second = await request.get(`${a.url}/`);
    expect(first.status()).toBe(200);
    const headers = first.headers();
    const csp = headers["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["x-powered-by"]).toBeUndefined();
    expect(headers["strict-transport-security"]).toBeUndefined(); // plain http here
    // A fresh nonce per response, and the same one on Next's own scripts.
    expect(second.headers()["content-security-policy"]).not.toBe(csp);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await first.text();
    expect(html).toContain(`nonce="${nonce}"`);
    // Page loads are not rate limited.
    expect(headers["ratelimit-limit"]).toBeUndefined();
  });

  test("API responses and static assets carry them too", async ({ request }) => {
    // (Instance c: a and b keep their whole anonymous budget for the rate-limit tests below.)
    for (const response of [await request.get(`${a.url}/api/health`), await request.get(`${c.url}${LIMITED_PATH}`)]) {
      const headers = response.headers();
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["permissions-policy"]).toBeTruthy();
      expect(headers["x-powered-by"]).toBeUndefined();
    }
    const html = await (await request.get(`${a.url}/`)).text();
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await request.get(`${a.url}${script}`);
    expect(asset.status()).toBe(200);
    expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
    expect(asset.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  test("pages hydrate in a real browser with zero CSP violations", async ({ page }) => {
    const violations = await watchCsp(page);
    for (const path of ["/", "/login", "/register"]) {
      await page.goto(`${a.url}${path}`);
      // Next's client runtime only runs (and defines window.next) when its scripts were allowed.
      await page.waitForFunction(() => "next" in window, undefined, { timeout: 15_000 });
    }
    // A client-side navigation works: the app is hydrated, not just server-rendered.
    await page.goto(`${a.url}/`);
    await page.waitForFunction(() => "next" in window);
    await page.evaluate(() => ((window as unknown as { marker: boolean }).marker = true));
    await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${a.url}/login`);
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);
    expect(violations).toEqual([]);
  });
});

test.describe("cross-site requests", () => {
  test("a cross-site form post from another site's page is refused with 403", async ({ page }) => {
    // The attacker's page lives on 127.0.0.1, another site than the app on localhost.
    const evil = await startAttackerSite(c.url);
    const refused = page.waitForResponse(
      (response) => response.url().startsWith(c.url) && response.request().method() === "POST",
    );
    await page.goto(`${evil}/`);
    const response = await refused;
    expect(response.status()).toBe(403);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 403, code: "cross_site_request" });
  });

  test("cookie-authenticated route handler and server action posts from another origin are refused", async ({
    request,
  }) => {
    const cookie = await encodeSession(`csrf-user-${Date.now()}`);
    const crossSite = { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" };
    const api = await request.post(`${c.url}/api/v1/auth/password/change`, {
      headers: crossSite,
      data: { currentPassword: "x", newPassword: "y" },
    });
    expect(api.status()).toBe(403);
    expect(await api.json()).toMatchObject({ code: "cross_site_request" });
    const action = await request.post(`${c.url}/account`, {
      headers: { ...crossSite, "next-action": "0123456789abcdef", "content-type": "text/plain;charset=UTF-8" },
      data: "[]",
    });
    expect(action.status()).toBe(403);
    expect(await action.json()).toMatchObject({ code: "cross_site_request" });
    // Older browsers without Fetch Metadata: Origin alone decides.
    const originOnly = await request.post(`${c.url}${LIMITED_PATH}`, {
      headers: { cookie, origin: "https://evil.example" },
    });
    expect(originOnly.status()).toBe(403);
    // The same request from our own origin goes through to the route (404: no such route).
    const sameOrigin = await request.post(`${c.url}${LIMITED_PATH}`, {
      headers: { cookie, origin: c.url, "sec-fetch-site": "same-origin" },
    });
    expect(sameOrigin.status()).toBe(404);
  });
});

test.describe("rate limits", () => {
  test("the 21st anonymous request in a minute gets 429, counted across two instances on one Redis", async ({
    request,
  }) => {
    // The next two tests rely on this client staying over its limit: keep all three in one minute.
    await roomInWindow(25_000);
    const remaining: string[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await request.get(`${(i % 2 === 0 ? a : b).url}${LIMITED_PATH}`);
      expect(response.status()).toBe(404);
      const headers = rateLimitHeaders(response);
      expect(headers.limit).toBe("20");
      expect(Number(headers.reset)).toBeGreaterThan(0);
      remaining.push(headers.remaining!);
    }
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, i) => String(19 - i)));

    const refused = await request.get(`${a.url}${LIMITED_PATH}`);
    expect(refused.status()).toBe(429);
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
    expect(await refused.json()).toMatchObject({ status: 429, code: "rate_limited" });
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers()["retry-after"])).toBeLessThanOrEqual(60);
    expect(rateLimitHeaders(refused)).toMatchObject({ limit: "20", remaining: "0" });
    expect(refused.headers()["x-content-type-options"]).toBe("nosniff");
    // The other instance refuses too: one shared count.
    expect((await request.get(`${b.url}${LIMITED_PATH}`)).status()).toBe(429);
  });

  test("a spoofed X-Forwarded-For does not buy a fresh budget", async ({ request }) => {
    for (const spoofed of ["203.0.113.77", "203.0.113.78, 198.51.100.1", "::1", "garbage"]) {
      const response = await request.get(`${a.url}${LIMITED_PATH}`, {
        headers: { "x-forwarded-for": spoofed, "x-real-ip": spoofed },
      });
      expect(response.status(), `X-Forwarded-For: ${spoofed}`).toBe(429);
    }
  });

  test("health, readiness and page loads are not limited, even for a client over its limit", async ({ request }) => {
    expect((await request.get(`${a.url}${LIMITED_PATH}`)).status()).toBe(429);
    expect((await request.get(`${a.url}/api/health`)).status()).toBe(200);
    expect((await request.get(`${a.url}/api/ready`)).status()).not.toBe(429);
    expect((await request.get(`${a.url}/`)).status()).toBe(200);
  });

  test("the 51st authenticated request gets 429, keyed by the user and not the address", async ({ request }) => {
    await roomInWindow(15_000);
    // All requests come from one address, which has spent its anonymous budget: the user has their own.
    const alice = await encodeSession(`alice-${Date.now()}`);
    const remaining: string[] = [];
    for (let i = 0; i < 50; i++) {
      const response = await request.get(`${(i % 2 === 0 ? a : b).url}${LIMITED_PATH}`, { headers: { cookie: alice } });
      expect(response.status()).toBe(404);
      expect(rateLimitHeaders(response).limit).toBe("50");
      remaining.push(rateLimitHeaders(response).remaining!);
    }
    expect(remaining.at(0)).toBe("49");
    expect(remaining.at(-1)).toBe("0");
    const refused = await request.get(`${a.url}${LIMITED_PATH}`, { headers: { cookie: alice } });
    expect(refused.status()).toBe(429);
    expect(await refused.json()).toMatchObject({ code: "rate_limited" });
    expect(refused.headers()["retry-after"]).toBeTruthy();
    expect(rateLimitHeaders(refused)).toMatchObject({ limit: "50", remaining: "0" });

    // Another user from the same address still gets through; a forged cookie counts as anonymous.
    const bob = await encodeSession(`bob-${Date.now()}`);
    expect((await request.get(`${b.url}${LIMITED_PATH}`, { headers: { cookie: bob } })).status()).toBe(404);
    const forged = await request.get(`${a.url}${LIMITED_PATH}`, { headers: { cookie: `${alice.slice(0, -4)}AAAA` } });
    expect(rateLimitHeaders(forged).limit).toBe("20");
  });

  test("with Redis stopped, requests are still served and limited per instance, and shared limits resume when it returns", async ({
    request,
  }) => {
    const userId = `carol-${Date.now()}`;
    const carol = await encodeSession(userId);
    const probe = (req: APIRequestContext) => req.get(`${c.url}${LIMITED_PATH}`, { headers: { cookie: carol } });
    await roomInWindow(25_000);
    // The shared count as instance c keeps it in Redis (read directly, not through the relay).
    const redis = new Redis("redis://127.0.0.1:6379/0");
    closers.push(async () => redis.disconnect());
    const sharedCount = async () =>
      Number((await redis.get(`${relayPrefix}ratelimit:user:user:${userId}:${Math.floor(Date.now() / 60_000)}`)) ?? 0);

    const before = [];
    for (let i = 0; i < 5; i++) before.push(await probe(request));
    expect(before.map((r) => r.status())).toEqual([404, 404, 404, 404, 404]);
    expect(before.map((r) => rateLimitHeaders(r).remaining)).toEqual(["49", "48", "47", "46", "45"]);
    expect(await sharedCount()).toBe(5);

    await relay.cut();
    const during = [];
    for (let i = 0; i < 3; i++) during.push(await probe(request));
    expect(during.map((r) => r.status())).toEqual([404, 404, 404]);
    // Counted by the in-process fallback while Redis is away, with the headers still sent.
    expect(during.map((r) => rateLimitHeaders(r).remaining)).toEqual(["49", "48", "47"]);
    expect(await sharedCount()).toBe(5);
    await c.process.waitForLog(/Redis unavailable/);

    await relay.restore();
    // The instance reconnects in the background; the first request Redis answers again logs it.
    await expect
      .poll(
        async () =>
          (await probe(request)).status() === 404 && c.process.lines.some((line) => line.includes("Redis is back")),
        {
          timeout: 15_000,
          intervals: [300],
        },
      )
      .toBe(true);
    // From now on the shared count decides again, carrying on from the 5 it had before the outage.
    const after = await probe(request);
    const count = await sharedCount();
    expect(count).toBeGreaterThanOrEqual(7);
    expect(rateLimitHeaders(after).remaining).toBe(String(50 - count));
  });
});

type Violation = { directive: string; blockedURI: string };

async function watchCsp(page: Page): Promise<Violation[]> {
  const violations: Violation[] = [];
  await page.exposeFunction("__reportCspViolation", (violation: Violation) => violations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { __reportCspViolation: (v: Violation) => void }).__reportCspViolation({
        directive: event.violatedDirective,
        blockedURI: event.blockedURI,
      });
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text()))
      violations.push({ directive: "console", blockedURI: message.text() });
  });
  return violations;
}

/** Another site with a page that auto-submits a form to the app, like a CSRF attack would. */
async function startAttackerSite(target: string): Promise<string> {
  const server: Server = createHttpServer((_, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><form id="f" method="post" action="${target}/account">
      <input name="currentPassword" value="x"><input name="newPassword" value="attacker-chosen-password">
    </form><script>document.getElementById("f").submit()</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}
