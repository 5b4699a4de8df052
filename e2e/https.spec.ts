// The sign-in journey against `npm start` serving https itself (TLS_CERT_FILE/TLS_KEY_FILE, a
// self-signed certificate): what the unit tests can only assert on header strings, checked in a
// real browser. Runs in the "https" Playwright project (baseURL https://localhost:<E2E_PORT + 3>).
import type { Cookie, Response } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { logIn, registerAndActivate, uniqueUser } from "./support/users";

test.describe.configure({ timeout: 120_000 });

const HSTS = /^max-age=\d{7,}; includeSubDomains$/;

test.beforeAll(async ({ playwright, baseURL }) => {
  // The https server starts beside the http one the suite waits for; give it a moment.
  const request = await playwright.request.newContext({ baseURL, ignoreHTTPSErrors: true });
  await expect
    .poll(async () => (await request.get("/api/health").catch(() => null))?.status(), { timeout: 60_000 })
    .toBe(200);
  await request.dispose();
});

test("over https: the session cookie is __Host-, every auth cookie is Secure, and HSTS is on pages and static files", async ({
  page,
  browser,
  baseURL,
}) => {
  const user = await registerAndActivate(page, uniqueUser("https"));

  // A fresh browser (no cache, no cookies) signs in, so every static file comes from the server.
  const context = await browser.newContext({ baseURL, ignoreHTTPSErrors: true });
  const browserPage = await context.newPage();
  const responses: Response[] = [];
  browserPage.on("response", (response) => responses.push(response));
  await browserPage.goto("/login");
  expect(new URL(browserPage.url()).protocol).toBe("https:");
  await logIn(browserPage, user.username, user.password);
  await expect(browserPage.getByRole("heading", { name: `Signed in as ${user.username}` })).toBeVisible();
  // Auth.js's own cookies (CSRF token, callback URL) as the Google button would set them.
  expect((await browserPage.request.get("/api/auth/csrf")).ok()).toBe(true);

  const cookies: Cookie[] = await context.cookies();
  const session = cookies.find((c) => c.name === "__Host-authjs.session-token");
  // __Host-: Secure, Path=/ and no Domain attribute (a host-only cookie), so no subdomain can set or read it.
  expect(session, "the __Host- session cookie").toMatchObject({
    secure: true,
    httpOnly: true,
    path: "/",
    domain: "localhost",
    sameSite: "Lax",
  });
  expect(cookies.filter((c) => c.name === "authjs.session-token")).toEqual([]);
  expect(cookies.some((c) => c.name.includes("authjs.csrf-token"))).toBe(true);
  for (const cookie of cookies) expect(cookie.secure, `${cookie.name} is Secure`).toBe(true);

  // A document loaded while signed in (the sign-in itself lands on /account inside the action's answer).
  const accountPage = await browserPage.goto("/account");
  expect(accountPage?.status()).toBe(200);
  expect(await accountPage!.headerValue("strict-transport-security")).toMatch(HSTS);
  const staticFiles = responses.filter((r) => new URL(r.url()).pathname.startsWith("/_next/static/"));
  expect(staticFiles.length, "static files loaded").toBeGreaterThan(0);
  for (const file of staticFiles) {
    expect(await file.headerValue("strict-transport-security"), file.url()).toMatch(HSTS);
  }

  // Log out: the session cookie goes, Clear-Site-Data clears cache and storage but no other cookie.
  const others = cookies.filter((c) => c.name !== session!.name).map((c) => c.name);
  const [logout] = await Promise.all([
    browserPage.waitForResponse((r) => new URL(r.url()).pathname === "/logout"),
    browserPage.getByRole("main").getByRole("button", { name: "Log out" }).click(),
  ]);
  expect(await logout.headerValue("clear-site-data")).toBe('"cache", "storage"');
  await expect(browserPage).toHaveURL(/\/login\?notice=signed-out$/);
  const after = (await context.cookies()).map((c) => c.name);
  expect(after).not.toContain(session!.name);
  for (const name of others) expect(after, `${name} survives logout`).toContain(name);
  await context.close();
});
