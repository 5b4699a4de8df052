import type { Locator, Page } from "@playwright/test";
import { generate } from "otplib";
import { expect, test } from "./support/fixtures";
import { registerAndActivate, uniqueUser } from "./support/users";

test.describe.configure({ timeout: 120_000 });

const RECOVERY_CODE = /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/;

/** The code the authenticator app shows now for `secret`. */
const codeNow = (secret: string) => generate({ secret });

function section(page: Page): Locator {
  return page.locator("section#two-step-verification");
}

/** From /account/security: starts the setup, reads the key the setup page shows, and turns the app on with a code. */
async function setUpAuthenticator(page: Page): Promise<string> {
  await page.goto("/account/security");
  await expect(section(page).getByText("Not set up")).toBeVisible();
  await section(page).getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page).toHaveURL(/\/account\/totp$/);
  await expect(page.getByRole("img", { name: /QR code for your authenticator app/ })).toBeVisible();
  const secret = (await page.locator("#totp-secret").innerText()).replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  const form = page.locator("form#totp-confirm");
  const right = await codeNow(secret);
  const wrong = `${(Number(right[0]) + 5) % 10}${right.slice(1)}`;
  await form.getByLabel("Code from your app").fill(wrong);
  await form.getByRole("button", { name: "Turn on" }).click();
  await expect(form.getByText(/That code is not correct/).first()).toBeVisible();
  await expect(page).toHaveURL(/\/account\/totp$/);

  await form.getByLabel("Code from your app").fill(await codeNow(secret));
  await form.getByRole("button", { name: "Turn on" }).click();
  return secret;
}

/** On /account/recovery-codes: the ten codes, each in the recovery code format. */
async function shownRecoveryCodes(page: Page): Promise<string[]> {
  await expect(page).toHaveURL(/\/account\/recovery-codes(#.*)?$/);
  await expect(page.getByText(/Save these codes now/)).toBeVisible();
  const items = page.locator("#recovery-codes li");
  await expect(items).toHaveCount(10);
  const codes = (await items.allInnerTexts()).map((code) => code.trim());
  for (const code of codes) expect(code).toMatch(RECOVERY_CODE);
  expect(new Set(codes).size).toBe(10);
  return codes;
}

async function removeAuthenticator(page: Page): Promise<void> {
  const form = page.locator("form#totp-remove");
  await form.getByRole("button", { name: "Remove authenticator app" }).click();
  await expect(form.getByText("Tick the box to confirm.").first()).toBeVisible();
  await form.getByLabel("Yes, remove my authenticator app").check();
  await form.getByRole("button", { name: "Remove authenticator app" }).click();
  await expect(page.getByText("The authenticator app was removed.")).toBeVisible();
  await expect(section(page).getByText("Not set up")).toBeVisible();
}

test("a person sets up an authenticator app on /account/security, sees ten recovery codes once, and removes the app", async ({
  page,
}) => {
  await registerAndActivate(page, uniqueUser("totp"), { signedIn: true });
  await setUpAuthenticator(page);
  await shownRecoveryCodes(page);

  // Shown once: a reload finds nothing to show.
  await page.reload();
  await expect(page.getByText(/shown only once/)).toBeVisible();
  await expect(page.locator("#recovery-codes li")).toHaveCount(0);

  await page.getByRole("link", { name: "Back to your security settings" }).click();
  await expect(page).toHaveURL(/\/account\/security#two-step-verification$/);
  await expect(section(page).getByText(/On since/)).toBeVisible();
  await expect(section(page).getByText("10 codes left")).toBeVisible();

  await removeAuthenticator(page);
  await expect(section(page).getByText("Recovery codes")).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("setting up the app, new recovery codes and removing it all work with plain forms", async ({ page }) => {
    await registerAndActivate(page, uniqueUser("totpnojs"), { signedIn: true });
    await setUpAuthenticator(page);
    const first = await shownRecoveryCodes(page);

    await page.getByRole("link", { name: /I have saved them/ }).click();
    await expect(section(page).getByText("10 codes left")).toBeVisible();
    await section(page).getByRole("button", { name: "Generate new recovery codes" }).click();
    const second = await shownRecoveryCodes(page);
    expect(second.filter((code) => first.includes(code))).toEqual([]);

    await page.goto("/account/security");
    await removeAuthenticator(page);
  });
});
