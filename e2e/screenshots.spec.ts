import type { Browser, Page } from "@playwright/test";
import pg from "pg";
import { createUserThroughApi, roleIds, signInNewAdmin, otherBrowser } from "./support/admin";
import { E2E_BASE_URL, E2E_DATABASE } from "./support/env";
import { expect, test } from "./support/fixtures";
import { logIn, type TestUser } from "./support/users";

// The main pages as people see them, in both themes, at a desktop and a phone width, compared with
// committed baselines (e2e/screenshots/; update with `npx playwright test screenshots
// --update-snapshots` and look at every changed image before committing). The README shows some
// of them. The thresholds tolerate anti-aliasing, not a changed layout.

const THEMES = ["light", "dark"] as const;
const SCREENSHOT = { fullPage: true, animations: "disabled", maxDiffPixelRatio: 0.01, threshold: 0.25 } as const;

// The person on the signed-in pages: the same name and address on every run, so the pictures are too.
const ADA: TestUser = {
  username: "ada",
  email: "ada@example.com",
  password: "Analytical-Engine-1843",
  firstName: "Ada",
  lastName: "Lovelace",
};

/** Makes the account afresh (an earlier run may have left it): an Admin creates it with a password. */
async function createAda(browser: Browser) {
  const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:5432/${E2E_DATABASE}` });
  await client.connect();
  try {
    await client.query(`DELETE FROM "User" WHERE "usernameKey" = $1`, [ADA.username]);
  } finally {
    await client.end();
  }
  const admin = await otherBrowser(browser);
  await signInNewAdmin(admin.page);
  const roles = await roleIds(admin.page.request);
  await createUserThroughApi(admin.page.request, ADA, { roleIds: [roles.Employee].filter(Boolean) as string[] });
  await admin.close();
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  await createAda(browser);
});

async function settle(page: Page) {
  await page.evaluate(() => document.fonts.ready);
}

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test.beforeEach(async ({ context }) => {
      await context.addCookies([{ name: "theme", value: theme, url: E2E_BASE_URL }]);
    });

    test("signed out: home, sign-in and registration at desktop and phone widths", async ({ page }) => {
      for (const [name, path] of [
        ["home", "/"],
        ["sign-in", "/login"],
        ["register", "/register"],
      ] as const) {
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.goto(path);
        await settle(page);
        await expect(page).toHaveScreenshot(`${name}-${theme}.png`, SCREENSHOT);
        if (name === "home") continue;
        await page.setViewportSize({ width: 390, height: 844 });
        await expect(page).toHaveScreenshot(`${name}-phone-${theme}.png`, SCREENSHOT);
      }
    });

    test("signed in: the account page at desktop and phone widths", async ({ page }) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto("/login");
      await logIn(page, ADA.username, ADA.password);
      await page.goto("/account");
      await settle(page);
      await expect(page).toHaveScreenshot(`account-${theme}.png`, SCREENSHOT);
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(page).toHaveScreenshot(`account-phone-${theme}.png`, SCREENSHOT);
    });
  });
}
