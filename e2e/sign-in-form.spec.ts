import { expect, test } from "./support/fixtures";

test("the sign-in form: the cursor starts in the first field, the password can be shown, and 'Forgot password?' sits beside its label", async ({
  page,
}) => {
  await page.goto("/login");
  const form = page.locator("form#login");
  await expect(form.getByLabel("Username or email")).toBeFocused();

  const password = form.getByLabel("Password", { exact: true });
  await password.fill("correct horse battery staple");
  await expect(password).toHaveAttribute("type", "password");
  const toggle = form.getByRole("button", { name: "Show password" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await password.focus();
  await toggle.click();
  // Shown, and the caret stays in the field: typing goes on.
  await expect(password).toHaveAttribute("type", "text");
  await expect(form.getByRole("button", { name: "Hide password" })).toHaveAttribute("aria-pressed", "true");
  await expect(password).toBeFocused();
  await page.keyboard.type("!");
  await expect(password).toHaveValue("correct horse battery staple!");
  await form.getByRole("button", { name: "Hide password" }).click();
  await expect(password).toHaveAttribute("type", "password");

  await form.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
});

test("after a refused sign-in the typed identifier is kept and the password is not", async ({ page }) => {
  await page.goto("/login");
  const form = page.locator("form#login");
  await form.getByLabel("Username or email").fill("nobody-here@example.test");
  await form.getByLabel("Password", { exact: true }).fill("not-the-password-1234");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toContainText("Invalid username/email or password.");
  await expect(form.getByLabel("Username or email")).toHaveValue("nobody-here@example.test");
  await expect(form.getByLabel("Password", { exact: true })).toHaveValue("");
});
