import AxeBuilder from "@axe-core/playwright";
import { expect, test as plainTest, type BrowserContext, type Page } from "@playwright/test";
import { signInNewAdmin } from "./support/admin";
import { E2E_BASE_URL } from "./support/env";
import { PUBLIC_PAGES, SIGNED_IN_PAGES } from "./support/pages";
import { openAccountMenu, submitLogin, submitRegistration, uniqueUser } from "./support/users";

// axe on every page a person can reach, in both themes, with zero violations of any impact, and
// nothing blocked by the CSP. Plain Playwright `test`: the 404 page is expected to log its status.

const THEMES = ["light", "dark"] as const;
type Theme = (typeof THEMES)[number];

/** Records the CSP violations the page reports, across navigations. */
async function watchCsp(page: Page) {
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const key = "cspViolations";
      const list = JSON.parse(sessionStorage.getItem(key) ?? "[]") as string[];
      list.push(
        `${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI || event.sample} (${event.sourceFile}:${event.lineNumber})`,
      );
      sessionStorage.setItem(key, JSON.stringify(list));
    });
  });
  return () => page.evaluate(() => JSON.parse(sessionStorage.getItem("cspViolations") ?? "[]") as string[]);
}

/** Console and page errors, except the 404 page's own status line. */
function watchErrors(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (/status of 404/.test(message.text()) && message.location().url.endsWith("/no-such-page")) return;
    problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return () => expect(problems, "errors reported by the browser").toEqual([]);
}

async function useTheme(context: BrowserContext, theme: Theme) {
  await context.addCookies([{ name: "theme", value: theme, url: E2E_BASE_URL }]);
}

/** Every axe violation on the page as it is now, one line each ("where: rule (impact) nodes"). */
async function axeViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

async function checkPages(page: Page, theme: Theme, paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator("html")).toContainClass(theme);
    // Swagger UI renders the reference in the browser, after the page has loaded.
    if (path === "/docs") await expect(page.locator(".opblock").first()).toBeVisible({ timeout: 30_000 });
    found.push(...(await axeViolations(page, path)));
  }
  return found;
}

for (const theme of THEMES) {
  plainTest.describe(`the ${theme} theme`, () => {
    plainTest.beforeEach(async ({ context }) => useTheme(context, theme));

    plainTest("axe finds nothing on any signed-out page, the 404 page or a form showing errors", async ({ page }) => {
      plainTest.slow(); // fourteen pages and three form states, each analysed in full
      const noErrors = watchErrors(page);
      const cspViolations = await watchCsp(page);
      const found = await checkPages(page, theme, [...PUBLIC_PAGES, "/no-such-page"]);

      // Forms in their error states: the summary, invalid fields and their messages.
      await page.goto("/login");
      await submitLogin(page, "nobody-at-all", "Wrong-password-123");
      await expect(page.locator("form#login").getByRole("alert")).not.toBeEmpty();
      found.push(...(await axeViolations(page, "/login after a failed sign-in")));
      const form = await submitRegistration(page, { username: "x", email: "not-an-email", password: "short" });
      await expect(form.getByRole("alert")).not.toBeEmpty();
      found.push(...(await axeViolations(page, "/register with invalid fields")));

      // After registering: the "Check your email" screen.
      await submitRegistration(page, uniqueUser("axe"));
      await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
      found.push(...(await axeViolations(page, "/register: check your email")));

      expect(found).toEqual([]);
      expect(await cspViolations()).toEqual([]);
      noErrors();
    });

    plainTest("axe finds nothing on any page of a signed-in Admin, or in the open account menu", async ({ page }) => {
      plainTest.slow();
      const noErrors = watchErrors(page);
      const cspViolations = await watchCsp(page);
      await signInNewAdmin(page);
      await page.goto("/admin/users");
      const user = await page.getByRole("main").locator('a[href^="/admin/users/c"]').first().getAttribute("href");
      await page.goto("/admin/roles");
      const role = await page.getByRole("main").locator('a[href^="/admin/roles/c"]').first().getAttribute("href");
      const found = await checkPages(page, theme, [...SIGNED_IN_PAGES, ...[user, role].filter((p) => p !== null)]);

      await page.goto("/account");
      await openAccountMenu(page);
      found.push(...(await axeViolations(page, "/account with the account menu open")));

      expect(found).toEqual([]);
      expect(await cspViolations()).toEqual([]);
      noErrors();
    });
  });
}
