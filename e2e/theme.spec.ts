import type { Page } from "@playwright/test";
import { test as plainTest } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";

/**
 * Like the fixture's page, for tests that open the 404 page: the browser logs that one 404 as a
 * console error, which is the page working; any other console or page error still fails the test.
 */
function watchErrors(page: Page, expected404: readonly string[]) {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const url = message.location().url;
    if (/status of 404/.test(message.text()) && expected404.some((path) => url === `${E2E_BASE_URL}${path}`)) return;
    problems.push(`console: ${message.text()} (${url})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return () => expect(problems, "errors reported by the browser").toEqual([]);
}

const colorScheme = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const themeButton = (page: Page, name: "System" | "Light" | "Dark") =>
  page.getByRole("banner").getByRole("group", { name: "Theme" }).getByRole("button", { name, exact: true });

const LIGHT_BACKGROUND = "rgb(247, 247, 248)";
const DARK_BACKGROUND = "rgb(15, 17, 21)";

test("with no choice the theme follows the system's preference", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  await expect(themeButton(page, "System")).toHaveAttribute("aria-pressed", "true");
  expect(await colorScheme(page)).toBe("dark");
  expect(await background(page)).toBe(DARK_BACKGROUND);
  await page.emulateMedia({ colorScheme: "light" });
  expect(await colorScheme(page)).toBe("light");
  expect(await background(page)).toBe(LIGHT_BACKGROUND);
});

test("the switch changes the theme at once without a reload, and the choice persists", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/login");
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));

  await themeButton(page, "Dark").click();
  await expect(themeButton(page, "Dark")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("html")).toHaveClass("dark");
  expect(await colorScheme(page)).toBe("dark");
  expect(await background(page)).toBe(DARK_BACKGROUND);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  // The server renders the chosen theme from the cookie: no flash of the light one.
  const html = await (await page.request.get("/login")).text();
  expect(html).toMatch(/<html lang="en" class="dark"/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass("dark");
  expect(await colorScheme(page)).toBe("dark");

  await themeButton(page, "System").click();
  await expect(page.locator("html")).not.toHaveClass(/dark|light/);
  expect(await colorScheme(page)).toBe("light");
  await page.emulateMedia({ colorScheme: "dark" });
  await themeButton(page, "Light").click();
  expect(await colorScheme(page)).toBe("light");
  expect(await background(page)).toBe(LIGHT_BACKGROUND);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the switch is a form post that sets the theme and comes back to the page", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/login");
    await themeButton(page, "Dark").click();
    await expect(page).toHaveURL(`${E2E_BASE_URL}/login`);
    await expect(page.locator("html")).toHaveClass("dark");
    await expect(themeButton(page, "Dark")).toHaveAttribute("aria-pressed", "true");
    expect(await colorScheme(page)).toBe("dark");

    await page.goto("/");
    await expect(page.locator("html")).toHaveClass("dark");
    await themeButton(page, "Light").click();
    await expect(page).toHaveURL(`${E2E_BASE_URL}/`);
    await expect(page.locator("html")).toHaveClass("light");
    expect(await colorScheme(page)).toBe("light");
  });
});

// An unknown API address renders the same HTML page: it must get the page's nonce (proxy.ts), or
// the browser would block its scripts and styles and report CSP errors.
for (const path of ["/no-such-page", "/api/v1/no-such-thing"]) {
  plainTest(`an unknown address (${path}) gets the 404 page in the site's look, with a way home`, async ({ page }) => {
    const noErrors = watchErrors(page, [path]);
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("banner").getByRole("link", { name: "Authcore" })).toBeVisible();
    await expect(page.getByRole("contentinfo")).toBeVisible();
    const home = page.getByRole("main").getByRole("link", { name: "Go to the home page" });
    await expect(home).toHaveAttribute("href", "/");
    await home.click();
    await expect(page.getByRole("heading", { level: 1, name: "Authcore" })).toBeVisible();
    noErrors();
  });
}

test("the theme stylesheet carries the brand colours and is cached by version", async ({ page }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="stylesheet"][href^="/theme.css"]').getAttribute("href");
  expect(href).toMatch(/^\/theme\.css\?v=[\w-]{12}$/);
  const response = await page.request.get(href!);
  expect(response.headers()["content-type"]).toContain("text/css");
  expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(response.headers()["set-cookie"]).toBeUndefined();
  expect(await response.text()).toContain("--brand-light: #2952cc;");
});
