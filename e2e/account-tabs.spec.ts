import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { logIn, registerAndActivate, uniqueUser } from "./support/users";

// Each test registers an account (it waits for the activation email from the worker).
test.describe.configure({ timeout: 120_000 });

const TABS = [
  { path: "/account", name: "Profile" },
  { path: "/account/security", name: "Security" },
  { path: "/account/sessions", name: "Sessions" },
] as const;

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

const tabs = (page: Page) => page.getByRole("navigation", { name: "Settings" });

/** How far the page reaches past the window's right edge, in CSS pixels (0: no horizontal scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test("the account's three tabs are links that lead to their page and mark it as the current one", async ({ page }) => {
  await registerAndActivate(page, uniqueUser("tabs"), { signedIn: true });
  await page.goto("/account");
  await expect(tabs(page).getByRole("link")).toHaveText(TABS.map((tab) => tab.name));

  for (const tab of [TABS[1], TABS[2], TABS[0]]) {
    await tabs(page).getByRole("link", { name: tab.name, exact: true }).click();
    await expect(page).toHaveURL(`${E2E_BASE_URL}${tab.path}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(tab.name);
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.getByRole("main")).toHaveCount(1);
    await expect(tabs(page).locator('[aria-current="page"]')).toHaveText(tab.name);
    await expect(tabs(page).locator('[aria-current="page"]')).toHaveAttribute("href", tab.path);
    await expect(tabs(page).locator("[aria-current]")).toHaveCount(1);
  }

  // Each page has what it is named for, and only that.
  await page.goto("/account/security");
  await expect(page.getByRole("heading", { name: "Change password" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Passkeys" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Active sessions" })).toHaveCount(0);
  await page.goto("/account/sessions");
  await expect(page.getByRole("heading", { name: "Active sessions" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Apps and devices" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Change password" })).toHaveCount(0);
});

test("a signed-out visitor is sent to sign in and comes back to the tab asked for", async ({ page }) => {
  const user = await registerAndActivate(page, uniqueUser("tabback"));
  await page.goto("/account/sessions");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount%2Fsessions$/);
  await logIn(page, user.username, user.password, "/account/sessions");
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
});

test.describe("the sessions list", () => {
  // A reader in New York: the tooltip shows the full date in their own time zone.
  test.use({ timezoneId: "America/New_York", locale: "en-US" });

  test("shows this device, relative times and a readable place; signing out another session removes it; fits 320 px", async ({
    page,
    browser,
  }) => {
    const user = await registerAndActivate(page, uniqueUser("sesslist"), { signedIn: true });
    await page.goto("/account/sessions");
    const sessions = page.locator("form#sessions");
    const rows = sessions.getByRole("listitem");
    await expect(rows).toHaveCount(1);
    const mine = rows.first();
    await expect(mine.getByText("This device", { exact: true })).toBeVisible();
    // Playwright's Chromium says it runs on whatever system its device descriptor names.
    await expect(mine.getByText(/^Chrome on \w+$/)).toBeVisible();
    // The e2e server runs on this machine: the address is loopback.
    await expect(mine.getByText("This computer", { exact: true })).toBeVisible();
    // Computed in the browser, in its own clock; the server's absolute text is replaced.
    await expect(mine).toContainText(/Active (just now|\d+ minutes? ago)/);
    await expect(mine).toContainText(/Signed in (just now|\d+ minutes? ago)/);
    const active = mine.locator("time").first();
    await expect(active).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await expect(active).toHaveAttribute("title", /\d{4} at .*(EST|EDT|GMT-[45])$/);
    await expect(sessions.getByRole("button", { name: /^Sign out/ })).toHaveCount(0);

    // A second browser signs in.
    const laptop = await browser.newContext({ baseURL: E2E_BASE_URL, userAgent: FIREFOX_ON_WINDOWS });
    const laptopPage = await laptop.newPage();
    try {
      await logIn(laptopPage, user.email, user.password);
      await page.reload();
      await expect(rows).toHaveCount(2);
      // This device first; the other one has no badge and a Sign out button named after it.
      await expect(rows.nth(0)).toContainText("This device");
      await expect(rows.nth(1)).toContainText("Firefox on Windows");
      await expect(rows.nth(1)).not.toContainText("This device");
      await expect(rows.nth(1)).toContainText(/Active (just now|\d+ minutes? ago)/);

      // Nothing reaches past the right edge of a 320 px screen.
      await page.setViewportSize({ width: 320, height: 800 });
      await page.reload();
      await expect(rows).toHaveCount(2);
      expect(await overflow(page)).toBe(0);
      const button = sessions.getByRole("button", {
        name: /^Sign out Firefox on Windows, This computer, last active /,
      });
      await expect(button).toBeInViewport();

      await button.click();
      await expect(sessions.getByRole("status")).toHaveText("The session has been signed out.");
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText("This device");
      await expect(sessions.getByText("You are signed in on this device only.")).toBeVisible();

      // The other browser is signed out on its next request.
      await laptopPage.goto("/account/sessions");
      await expect(laptopPage).toHaveURL(/\/login\?notice=session-ended&callbackUrl=%2Faccount%2Fsessions$/);
    } finally {
      await laptop.close();
    }
  });
});

for (const theme of ["light", "dark"] as const) {
  test(`axe finds nothing on the Profile, Security and Sessions pages in the ${theme} theme`, async ({
    page,
    context,
  }) => {
    await registerAndActivate(page, uniqueUser(`axe${theme}`), { signedIn: true });
    await context.addCookies([{ name: "theme", value: theme, url: E2E_BASE_URL }]);
    for (const { path } of TABS) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveClass(theme);
      // Wait for the relative times: axe checks the page as a person sees it.
      if (path === "/account/sessions") await expect(page.locator("form#sessions")).toContainText(/Active (just|\d)/);
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map(
          (v) => `${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        ),
      ).toEqual([]);
    }
  });
}
