import type { Page } from "@playwright/test";
import { signInNewAdmin } from "./support/admin";
import { expect, test } from "./support/fixtures";

const WIDTHS = [390, 320];

// Every page a person can reach: signed out, then signed in as an Admin (who sees every console page).
const PUBLIC_PAGES = [
  "/",
  "/login",
  "/login?addAccount=1",
  "/register",
  "/forgot-password",
  "/reset-password?token=expired-or-unknown-token-0000000000000000",
  "/activate?token=expired-or-unknown-token-0000000000000000",
  "/activate/resend",
  "/unlock?token=expired-or-unknown-token-0000000000000000",
  "/invitation?token=expired-or-unknown-token-0000000000000000",
  "/auth/error?error=provider_unavailable",
  "/docs",
];
const SIGNED_IN_PAGES = [
  "/account",
  "/account/security",
  "/account/sessions",
  "/account/confirm",
  "/admin",
  "/admin/users",
  "/admin/users/new",
  "/admin/roles",
  "/admin/audit",
  "/admin/security",
];

/** How far the page reaches past the window's right edge, in CSS pixels (0: no horizontal scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function expectNoHorizontalScrolling(page: Page, paths: string[]) {
  const wider: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of paths) {
      await page.goto(path);
      const beyond = await overflow(page);
      if (beyond > 0) wider.push(`${path} at ${width} px: ${beyond} px too wide`);
    }
  }
  expect(wider).toEqual([]);
}

test("no page scrolls sideways on a phone (390 and 320 px), signed out", async ({ page }) => {
  await expectNoHorizontalScrolling(page, PUBLIC_PAGES);
});

test("no page scrolls sideways on a phone (390 and 320 px), signed in with the admin console", async ({ page }) => {
  await signInNewAdmin(page);
  await page.goto("/admin/users");
  const firstUser = await page.getByRole("main").locator('a[href^="/admin/users/c"]').first().getAttribute("href");
  await expectNoHorizontalScrolling(page, [...SIGNED_IN_PAGES, ...(firstUser ? [firstUser] : [])]);
});
