import { expect, test } from "./support/fixtures";
import { logIn, logOut, registerAndActivate, uniqueUser } from "./support/users";

test.describe.configure({ timeout: 120_000 });

test("a person changes their username on /account and signs in with the new one", async ({ page }) => {
  const user = await registerAndActivate(page, uniqueUser("rename"));
  await page.goto("/login");
  await logIn(page, user.username, user.password);

  const form = page.locator("form#username");
  const renamed = `${user.username}x`.slice(0, 30);
  await form.getByLabel("Username").fill(renamed);
  await form.getByRole("button", { name: "Change username" }).click();
  await expect(form.getByText(`Your username is now ${renamed}.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: `Signed in as ${renamed}` })).toBeVisible();

  await logOut(page);
  await logIn(page, renamed, user.password);
  await expect(page.getByRole("heading", { name: `Signed in as ${renamed}` })).toBeVisible();
});

test("a taken username is refused on the field, and the form keeps the value", async ({ page }) => {
  const first = await registerAndActivate(page, uniqueUser("holder"));
  const second = await registerAndActivate(page, uniqueUser("taker"));
  await page.goto("/login");
  await logIn(page, second.username, second.password);

  const form = page.locator("form#username");
  const field = form.getByLabel("Username");
  await field.fill(first.username.toUpperCase());
  await form.getByRole("button", { name: "Change username" }).click();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("That username is taken.").first()).toBeVisible();
  await expect(field).toHaveValue(first.username.toUpperCase());
});
