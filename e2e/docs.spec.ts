// The API reference at /docs: Swagger UI served from our origin under the production nonce CSP.
// The fixture's page fails a test on any console error or uncaught error, which is where
// Chromium reports a CSP refusal ("Applying inline style violates…", once "Refused to apply…");
// the page also records every `securitypolicyviolation` event, and every request that leaves our origin.
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { registerAndActivate } from "./support/users";
import type { Page } from "@playwright/test";

type OpenApiDocument = { paths: Record<string, Record<string, unknown>> };

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Starts recording CSP violations and off-origin requests; call before the first navigation. */
async function watch(page: Page) {
  const offOrigin: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(`${E2E_BASE_URL}/`) && !request.url().startsWith("data:"))
      offOrigin.push(request.url());
  });
  await page.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { cspViolations: violations });
    document.addEventListener("securitypolicyviolation", (event) =>
      violations.push(`${event.violatedDirective} blocked ${event.blockedURI || event.sample} (${event.sourceFile})`),
    );
  });
  return {
    offOrigin,
    cspViolations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
  };
}

/**
 * Swagger UI builds every operation block in the browser; with the whole contract (users, roles,
 * audit) that takes seconds on a busy two-core machine, longer than the default 10 s expect.
 */
const RENDERED = { timeout: 30_000 };

/** One operation block of Swagger UI, by method and path. */
function operation(page: Page, method: string, path: string) {
  return page.locator(`.opblock.opblock-${method}`).filter({ has: page.locator(`[data-path="${path}"]`) });
}

test("/docs lists every operation of the OpenAPI document; one expands to its parameters and responses", async ({
  page,
  request,
}) => {
  const watched = await watch(page);
  const document = (await (await request.get("/api/v1/openapi.json")).json()) as OpenApiDocument;
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => HTTP_METHODS.has(method))
      .map((method) => ({ method, path })),
  );

  await page.goto("/docs");
  await expect(page).toHaveTitle(/API reference/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await expect(page.getByText("POST /api/v1/auth/token")).toBeVisible(RENDERED);
  await expect(page.getByRole("link", { name: "← Authcore home" })).toHaveAttribute("href", "/");
  // Swagger UI's <main id="operations"> is the page's one main landmark.
  await expect(page.getByRole("main")).toHaveCount(1);

  await expect(operation(page, "post", "/api/v1/auth/login")).toBeVisible(RENDERED);
  await expect(operation(page, "get", "/api/v1/me")).toBeVisible();
  await expect(page.locator(".opblock")).toHaveCount(operations.length);
  for (const { method, path } of operations) await expect(operation(page, method, path)).toHaveCount(1);

  const revoke = operation(page, "delete", "/api/v1/auth/sessions/{id}");
  await revoke.locator(".opblock-summary-control").click();
  await expect(revoke.locator('tr[data-param-name="id"]')).toContainText("path");
  for (const code of ["204", "401", "404"])
    await expect(revoke.locator(`tr.response[data-code="${code}"]`)).toBeVisible();

  const login = operation(page, "post", "/api/v1/auth/login");
  await login.locator(".opblock-summary-control").click();
  await expect(login.getByRole("heading", { name: "Request body" })).toBeVisible();
  for (const code of ["200", "401"]) await expect(login.locator(`tr.response[data-code="${code}"]`)).toBeVisible();

  expect(await watched.cspViolations()).toEqual([]);
  expect(watched.offOrigin).toEqual([]);
});

test("Try it out calls the API from the page with the session cookie, and the highlighted answer breaks no CSP rule", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const watched = await watch(page);
  const user = await registerAndActivate(page, undefined, { signedIn: true });

  await page.goto("/docs");
  const me = operation(page, "get", "/api/v1/me");
  await me.locator(".opblock-summary-control").click();
  await me.getByRole("button", { name: "Try it out" }).click();
  await me.getByRole("button", { name: "Execute" }).click();

  const answer = me.locator(".responses-table.live-responses-table");
  await expect(answer.locator("tr.response .response-col_status")).toHaveText("200");
  await expect(answer.locator("tr.response .response-col_description")).toContainText(`"username": "${user.username}"`);
  // Swagger UI highlights the JSON with inline styles; React sets them through the CSSOM, which
  // CSP allows (a `style` attribute in parsed HTML would have been refused).
  await expect(answer.locator("tr.response .microlight span[style]").first()).toBeAttached();

  expect(await watched.cspViolations()).toEqual([]);
  expect(watched.offOrigin).toEqual([]);
});

test("the reference renders after client-side navigations, the first loading its scripts, the next reusing them", async ({
  page,
}) => {
  const watched = await watch(page);
  await page.goto("/");
  const home = page.getByRole("banner").getByRole("link", { name: "Authcore" });
  const reference = page.getByRole("main").getByRole("link", { name: "API reference" });

  // Client-side: no new document, so React inserts the async scripts and stylesheet itself.
  await reference.click();
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await expect(operation(page, "get", "/api/v1/me")).toBeVisible(RENDERED);

  // Again: the scripts are loaded and do not run again; the new element mounts Swagger UI itself.
  await home.click();
  await expect(page.getByRole("heading", { level: 1, name: "Authcore" })).toBeVisible();
  await reference.click();
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await expect(operation(page, "get", "/api/v1/me")).toBeVisible(RENDERED);
  await expect(page.locator("#swagger-ui .swagger-ui")).toHaveCount(1);
  expect(await page.evaluate(() => document.querySelectorAll('script[src^="/docs/assets/"]').length)).toBe(2);

  expect(await watched.cspViolations()).toEqual([]);
  expect(watched.offOrigin).toEqual([]);
});

test("the reference follows the site's theme, switched on the page, and leaves none of its own behind", async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/docs");
  await expect(operation(page, "get", "/api/v1/me")).toBeVisible(RENDERED);
  const html = page.locator("html");
  const swaggerText = () => page.evaluate(() => getComputedStyle(document.querySelector(".swagger-ui")!).color);
  // The system's preference with no choice made: Swagger UI's dark styles, on the site's background.
  await expect(html).toContainClass("dark-mode");
  const darkText = await swaggerText();
  await page.getByRole("banner").getByRole("group", { name: "Theme" }).getByRole("button", { name: "Light" }).click();
  await expect(html).not.toContainClass("dark-mode");
  expect(await swaggerText()).not.toBe(darkText);
  await page.getByRole("banner").getByRole("group", { name: "Theme" }).getByRole("button", { name: "Dark" }).click();
  await expect(html).toContainClass("dark-mode");
  // Another page (client-side) does not keep the reference's class.
  await page.getByRole("region", { name: "API reference" }).getByRole("link", { name: "Authcore home" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Authcore" })).toBeVisible();
  await expect(html).not.toContainClass("dark-mode");
  await expect(html).toContainClass("dark");
});

test("its assets come from our origin, versioned, cached for a year, never rate limited; other names are 404", async ({
  page,
  request,
}) => {
  const response = await page.goto("/docs");
  expect(response?.headers()["content-security-policy"]).toMatch(/style-src 'self' 'nonce-[^']+'(;|$)/);
  const urls = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src^="/docs/"], link[href^="/docs/"]'),
    ].map((element) => element.getAttribute("src") ?? element.getAttribute("href")!),
  );
  expect(urls.map((url) => url.replace(/\?v=.*$/, "")).sort()).toEqual([
    "/docs/assets/api-reference.js",
    "/docs/assets/swagger-ui-bundle.js",
    "/docs/assets/swagger-ui.css",
  ]);
  for (const url of urls) {
    const asset = await request.get(url);
    expect(asset.status()).toBe(200);
    expect(asset.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
    expect(asset.headers()["ratelimit-limit"]).toBeUndefined();
  }

  for (const path of ["/docs/assets/..%2Fpackage.json", "/docs/assets/package.json", "/docs/assets/index.html"]) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
});
