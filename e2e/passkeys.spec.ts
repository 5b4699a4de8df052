// Passkeys in a real browser: Chromium's virtual authenticator (over the DevTools protocol) plays
// the person's device: a platform authenticator that keeps discoverable credentials and verifies
// its user. A person adds a passkey on /account/security, signs out, signs in from /login with the passkey
// alone, renames it and removes it.
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { addVirtualAuthenticator } from "./support/mfa";
import { logOut, registerAndActivate, uniqueUser } from "./support/users";

test.describe.configure({ timeout: 120_000 });

function passkeysSection(page: Page) {
  return page.locator("section#passkeys");
}

/** Adds a passkey named `name` from /account/security (the session is fresh: no step-up needed). */
async function addPasskey(page: Page, name: string): Promise<void> {
  const section = passkeysSection(page);
  const add = section.locator("form", { has: page.getByRole("heading", { name: "Add a passkey" }) });
  await add.getByLabel("Name").fill(name);
  await add.getByRole("button", { name: "Add a passkey" }).click();
  await expect(add.getByRole("status")).toHaveText(`The passkey “${name}” has been added.`);
  await expect(section.getByRole("heading", { level: 3, name })).toBeVisible();
}

/** The recovery codes the account's first passkey came with, shown once beside the form. */
async function expectFirstRecoveryCodes(page: Page): Promise<void> {
  await expect(passkeysSection(page).locator("#recovery-codes li")).toHaveCount(10);
}

async function signInWithPasskey(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
}

test("a person adds a passkey, signs in with it alone, renames it and removes it", async ({ page }) => {
  const user = await registerAndActivate(page, uniqueUser("passkey"), { signedIn: true });
  await addVirtualAuthenticator(page);
  await page.goto("/account/security");
  await addPasskey(page, "Work laptop");
  await expectFirstRecoveryCodes(page);
  await expect(passkeysSection(page).getByText("Never")).toBeVisible();

  // Signed out, the passkey alone signs in: no username, no password, no second step.
  await logOut(page);
  await signInWithPasskey(page);
  await expect(page).toHaveURL((url) => url.pathname === "/account");
  await expect(page.getByRole("heading", { name: `Signed in as ${user.username}` })).toBeVisible();
  await page.goto("/account/security");
  await expect(passkeysSection(page).getByRole("heading", { level: 3, name: "Work laptop" })).toBeVisible();
  await expect(passkeysSection(page).getByText("Never")).toHaveCount(0);

  // It goes where the password form would: the page's safe callbackUrl, never another site.
  await logOut(page);
  await page.goto("/login?callbackUrl=%2Faccount%2Fsecurity%3Fnotice%3Dconfirmed");
  await signInWithPasskey(page);
  await expect(page).toHaveURL((url) => url.pathname + url.search === "/account/security?notice=confirmed");
  await logOut(page);
  await page.goto("/login?callbackUrl=%2F%2Fevil.example%2F");
  await signInWithPasskey(page);
  await expect(page).toHaveURL((url) => url.pathname + url.search === "/account");

  // Rename it, then remove it (the passkey sign-in was recent enough for that).
  await page.goto("/account/security");
  // The only passkey (its heading changes with the rename, so it is not found by its name).
  const item = passkeysSection(page).getByRole("listitem");
  await item.getByLabel("Name").fill("Old laptop");
  await item.getByRole("button", { name: "Rename" }).click();
  await expect(item.getByRole("status")).toHaveText("The passkey is now called “Old laptop”.");
  await expect(passkeysSection(page).getByRole("heading", { level: 3, name: "Old laptop" })).toBeVisible();

  await passkeysSection(page).getByRole("button", { name: "Remove the passkey Old laptop" }).click();
  await expect(passkeysSection(page).getByRole("status").first()).toHaveText(
    "The passkey has been removed: it can no longer sign in to your account.",
  );
  await expect(passkeysSection(page).getByText("You have no passkeys yet.")).toBeVisible();
});

/** The same signed-in browser state in a new context without JavaScript. */
async function withoutJavaScript(browser: Browser, page: Page): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  return context.newPage();
}

test("without JavaScript, adding a passkey says it needs it, and renaming and removing still work", async ({
  page,
  browser,
}) => {
  await registerAndActivate(page, uniqueUser("pknojs"), { signedIn: true });
  await addVirtualAuthenticator(page);
  await page.goto("/account/security");
  await addPasskey(page, "Phone");

  const plain = await withoutJavaScript(browser, page);
  await plain.goto("/account/security");
  const section = passkeysSection(plain);
  await expect(section.getByText("Adding a passkey needs JavaScript")).toBeVisible();
  await expect(section.getByRole("button", { name: "Add a passkey" })).toBeDisabled();

  const item = section.getByRole("listitem");
  await item.getByLabel("Name").fill("Old phone");
  await item.getByRole("button", { name: "Rename" }).click();
  await expect(passkeysSection(plain).getByRole("heading", { level: 3, name: "Old phone" })).toBeVisible();

  await passkeysSection(plain).getByRole("button", { name: "Remove the passkey Old phone" }).click();
  await expect(passkeysSection(plain).getByText("You have no passkeys yet.")).toBeVisible();
  await plain.context().close();

  // The login page says so too.
  const anonymous = await browser.newContext({ javaScriptEnabled: false });
  const login = await anonymous.newPage();
  await login.goto("/login");
  await expect(login.getByText("Signing in with a passkey needs JavaScript.")).toBeVisible();
  await expect(login.getByRole("button", { name: "Sign in with a passkey" })).toBeDisabled();
  await anonymous.close();
});
