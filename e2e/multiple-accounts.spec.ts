import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { logOut, openAccountMenu, registerAndActivate, submitLogin } from "./support/users";

/** The username the account page says is signed in. */
const signedInAs = (page: Page, username: string) =>
  expect(page.getByRole("heading", { name: `Signed in as ${username}` })).toBeVisible();

test("two accounts in one browser: add, switch, act as each, sign one out, the other stays", async ({ page }) => {
  const ann = await registerAndActivate(page);
  const bob = await registerAndActivate(page);

  await page.goto("/login");
  await submitLogin(page, ann.username, ann.password);
  await signedInAs(page, ann.username);

  // "Add another account" signs Bob in without signing Ann out.
  await (await openAccountMenu(page)).getByRole("link", { name: "Add another account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add another account" })).toBeVisible();
  await submitLogin(page, bob.username, bob.password);
  await expect(page).toHaveURL(/\/account$/);
  await signedInAs(page, bob.username);

  // The switcher lists Ann with her email; choosing her makes her the active account.
  let menu = await openAccountMenu(page);
  await expect(menu.locator("summary")).toContainText(bob.username);
  const others = menu.getByRole("list", { name: "Other accounts signed in here" });
  await expect(others.getByText(ann.email)).toBeVisible();
  await others.getByRole("button", { name: `Switch to ${ann.username}` }).click();
  await signedInAs(page, ann.username);
  await expect(page.getByRole("main").getByText(ann.email)).toBeVisible();

  // The API acts as either account from the same browser.
  const asBob = await page.request.get("/api/v1/me", { headers: { "x-active-user": await idOf(page, bob.username) } });
  expect((await asBob.json()).username).toBe(bob.username);
  expect((await (await page.request.get("/api/v1/me")).json()).username).toBe(ann.username);

  // Signing out the active account (Ann) leaves Bob signed in and active.
  menu = await openAccountMenu(page);
  await menu.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/account\?notice=signed-out-one$/);
  await signedInAs(page, bob.username);
  await expect((await openAccountMenu(page)).getByRole("list", { name: "Other accounts signed in here" })).toHaveCount(
    0,
  );

  await logOut(page);
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
});

test("sign out of all accounts ends every session of the browser", async ({ page }) => {
  const ann = await registerAndActivate(page);
  const bob = await registerAndActivate(page);
  await page.goto("/login");
  await submitLogin(page, ann.username, ann.password);
  await signedInAs(page, ann.username);
  await page.goto("/login?addAccount=1");
  await submitLogin(page, bob.username, bob.password);
  await signedInAs(page, bob.username);
  const annId = await idOf(page, ann.username);

  await (await openAccountMenu(page)).getByRole("button", { name: "Sign out of all accounts" }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  expect((await page.request.get("/api/v1/me", { headers: { "x-active-user": annId } })).status()).toBe(401);
});

/** A user's id, read through the API as the account itself (X-Active-User needs ids). */
async function idOf(page: Page, username: string): Promise<string> {
  const menu = await openAccountMenu(page);
  const form = menu.locator("form", { has: page.getByRole("button", { name: `Switch to ${username}` }) });
  if ((await form.count()) > 0) return (await form.locator('input[name="userId"]').getAttribute("value")) as string;
  const me = await (await page.request.get("/api/v1/me")).json();
  if (me.username !== username) throw new Error(`${username} is not signed in in this browser`);
  return me.id as string;
}
