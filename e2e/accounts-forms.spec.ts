import { test as plainTest, type Locator } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { logIn, registerAndActivate, submitLogin, submitRegistration, uniqueUser } from "./support/users";

// Some tests first register and activate a user, which waits for the worker to deliver an email.
test.describe.configure({ timeout: 120_000 });

/**
 * A field's error is shown, tied to the input (aria-invalid + accessible description) and listed in
 * the form's alert.
 */
async function expectFieldError(form: Locator, label: string, message: string | RegExp) {
  // The input itself (a password's show/hide toggle is labelled after it too).
  const input = form.getByLabel(label, { exact: false }).and(form.locator("input"));
  await expect(input).toHaveAttribute("aria-invalid", "true");
  // The description is the error first, then the field's hint (if any).
  const described =
    typeof message === "string" ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) : message;
  await expect(input).toHaveAccessibleDescription(described);
  await expect(form.getByRole("alert")).toContainText(message);
}

test.describe("registration form errors", () => {
  test("invalid fields are described, announced and focused, and values except the password are kept", async ({
    page,
  }) => {
    const form = await submitRegistration(page, {
      username: "a!",
      email: "not-an-email",
      password: "short",
      firstName: "Grace",
    });

    await expect(form.getByRole("alert")).toContainText("Please correct the highlighted fields.");
    await expectFieldError(form, "Username", /Use at least 3 characters/);
    await expectFieldError(form, "Email", "Enter a valid email address.");
    await expectFieldError(form, "Password", "Use at least 8 characters.");
    await expect(form.getByLabel("Username")).toBeFocused();
    await expect(form.getByLabel("Username")).toHaveValue("a!");
    await expect(form.getByLabel("Email")).toHaveValue("not-an-email");
    await expect(form.getByLabel("First name")).toHaveValue("Grace");
    await expect(form.getByLabel("Password", { exact: true })).toHaveValue("");
    // The hint stays part of the description next to the error.
    await expect(form.getByLabel("Username")).toHaveAccessibleDescription(/letters, digits/);

    // The summary links to the field.
    await form.getByRole("link", { name: /^Email: Enter a valid email address\./ }).click();
    await expect(page).toHaveURL(/#register-email$/);
  });

  test("a common password is rejected on its field", async ({ page }) => {
    const user = uniqueUser("common");
    const form = await submitRegistration(page, {
      username: user.username,
      email: user.email,
      password: "password123",
    });
    await expect(form.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Password", { exact: true })).toBeFocused();
    await expect(form.getByLabel("Username")).not.toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Username")).toHaveValue(user.username);
  });

  test("a username taken in any letter case is rejected on its field", async ({ page }) => {
    const existing = await registerAndActivate(page, uniqueUser("taken"));
    const form = await submitRegistration(page, {
      username: existing.username.toUpperCase(),
      email: uniqueUser("other").email,
      password: existing.password,
    });
    await expect(form.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Username")).toBeFocused();
    await expect(form.getByRole("alert")).toContainText("Username:");
    await expect(form.getByLabel("Username")).toHaveValue(existing.username.toUpperCase());
  });
});

test.describe("sign-in form errors", () => {
  test("empty fields are described and the first one is focused", async ({ page }) => {
    await page.goto("/login");
    const form = page.locator("form#login");
    await form.getByRole("button", { name: "Sign in" }).click();
    await expectFieldError(form, "Username or email", "Enter your username or email.");
    await expectFieldError(form, "Password", "Enter your password.");
    await expect(form.getByLabel("Username or email")).toBeFocused();
  });

  test("a wrong password and an unknown user get the same message, with focus on the summary", async ({ page }) => {
    const user = await registerAndActivate(page, uniqueUser("wrongpw"));
    await page.goto("/login");
    const messages: string[] = [];
    for (const identifier of [user.username, uniqueUser("ghost").username]) {
      const form = await submitLogin(page, identifier, "Not-The-Right-Password-1");
      const alert = form.getByRole("alert");
      await expect(alert).toContainText("Invalid username/email or password.");
      await expect(alert).toBeFocused();
      await expect(form.getByLabel("Username or email")).toHaveValue(identifier);
      await expect(form.getByLabel("Password", { exact: true })).toHaveValue("");
      messages.push(await alert.innerText());
    }
    expect(messages[0]).toBe(messages[1]);
  });
});

test("after five failed sign-ins the form says how long to wait", async ({ page }) => {
  const target = uniqueUser("locked");
  await page.goto("/login");
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    const form = await submitLogin(page, target.username, `Wrong-Guess-${attempt}-xyz`);
    // The password is cleared when the action's result is rendered: only then is the alert this attempt's.
    await expect(form.getByLabel("Password", { exact: true })).toHaveValue("");
    const expected =
      attempt <= 5 ? "Invalid username/email or password." : "Too many attempts. Please wait 15 minutes and try again.";
    await expect(form.getByRole("alert")).toContainText(expected);
  }
});

test("the submit button is disabled and says so while the form is being sent", async ({ page }) => {
  await page.goto("/forgot-password");
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/forgot-password", async (route) => {
    if (route.request().method() === "POST") await held;
    await route.continue();
  });
  const form = page.locator("form#forgot-password");
  await form.getByLabel("Email").fill(uniqueUser("pending").email);
  await form.getByRole("button", { name: "Send the reset link" }).click();
  const sending = form.getByRole("button", { name: "Sending…" });
  await expect(sending).toBeDisabled();
  await expect(sending).toHaveAttribute("aria-busy", "true");
  release();
  await expect(form.getByRole("status")).toContainText("If an account exists for");
  await expect(form.getByRole("button", { name: "Send the reset link" })).toBeEnabled();
});

test.describe("password forms errors", () => {
  test("forgot password: an invalid email is described on its field", async ({ page }) => {
    await page.goto("/forgot-password");
    const form = page.locator("form#forgot-password");
    await form.getByLabel("Email").fill("nobody@");
    await form.getByRole("button", { name: "Send the reset link" }).click();
    await expectFieldError(form, "Email", "Enter a valid email address.");
    await expect(form.getByLabel("Email")).toBeFocused();
    await expect(form.getByLabel("Email")).toHaveValue("nobody@");
  });

  test("reset password: a bogus link says so on load, with a way to ask for a new one", async ({ page }) => {
    await page.goto("/reset-password?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    await expect(page.getByRole("main").getByRole("alert")).toContainText(
      "This reset link is invalid, has expired or has already been used.",
    );
    await expect(page.locator("form#reset-password")).toHaveCount(0);
    await expect(page.getByRole("main").getByRole("link", { name: "Ask for a new reset link" })).toBeVisible();
  });

  test("reset password without a token explains the link is incomplete", async ({ page }) => {
    await page.goto("/reset-password");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("This reset link is incomplete.");
    await expect(page.locator("form#reset-password")).toHaveCount(0);
  });
});

test.describe("account page forms", () => {
  test("profile edits are saved; password change errors are described; a valid change keeps only this session", async ({
    page,
    browser,
  }) => {
    const user = await registerAndActivate(page, uniqueUser("acct"));
    await page.goto("/login");
    await logIn(page, user.username, user.password);

    const profile = page.locator("form#profile");
    await expect(profile.getByLabel("First name")).toHaveValue(user.firstName);
    await profile.getByLabel("First name").fill("Grace");
    await profile.getByLabel("Last name").fill("Hopper");
    await profile.getByRole("button", { name: "Save profile" }).click();
    await expect(profile.getByRole("status")).toHaveText("Your profile has been saved.");
    await expect(profile.getByLabel("First name")).toHaveValue("Grace");
    await page.reload();
    await expect(page.locator("form#profile").getByLabel("Last name")).toHaveValue("Hopper");
    await expect(page.getByRole("main").getByText("Grace Hopper")).toBeVisible();

    // The password is on the Security tab.
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Security" }).click();
    await expect(page).toHaveURL(/\/account\/security$/);
    const password = page.locator("form#password");
    await password.getByLabel("Current password", { exact: true }).fill("Not-My-Password-At-All");
    await password.getByLabel("New password", { exact: true }).fill("short");
    await password.getByRole("button", { name: "Change password" }).click();
    await expect(password.getByRole("alert")).toBeVisible();
    await expectFieldError(password, "New password", "Use at least 8 characters.");
    await expect(password.getByLabel("Current password", { exact: true })).toHaveValue("");

    await password.getByLabel("Current password", { exact: true }).fill("Not-My-Password-At-All");
    await password.getByLabel("New password", { exact: true }).fill("A-Brand-New-Passphrase-77");
    await password.getByRole("button", { name: "Change password" }).click();
    await expectFieldError(password, "Current password", /not correct|incorrect/i);
    await expect(password.getByLabel("Current password", { exact: true })).toBeFocused();

    // Another device is signed in when the password changes.
    const phone = await browser.newContext({ baseURL: E2E_BASE_URL });
    const phonePage = await phone.newPage();
    await phonePage.goto("/login");
    await logIn(phonePage, user.username, user.password);

    await password.getByLabel("Current password", { exact: true }).fill(user.password);
    await password.getByLabel("New password", { exact: true }).fill("A-Brand-New-Passphrase-77");
    await password.getByRole("button", { name: "Change password" }).click();
    await expect(password.getByRole("status")).toContainText("Your password has been changed.");
    await expect(password.getByLabel("Current password", { exact: true })).toHaveValue("");
    await expect(password.getByLabel("New password", { exact: true })).toHaveValue("");
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();

    await phonePage.goto("/account");
    // A revoked session lands on the "your session has ended" notice, and comes back after sign-in.
    await expect(phonePage).toHaveURL(/\/login\?notice=session-ended&callbackUrl=%2Faccount$/);
    await expect(phonePage.getByRole("main").getByText("Your session has ended.")).toBeVisible();
    await phone.close();
  });
});

// Plain Playwright test: the refused request is logged by the browser on purpose.
plainTest(
  "a request refused before it reaches the form (429 from the edge) shows a recoverable error",
  async ({ page }) => {
    await page.goto("/forgot-password");
    await page.route("**/forgot-password", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      return route.fulfill({
        status: 429,
        headers: { "content-type": "application/problem+json", "retry-after": "30" },
        body: JSON.stringify({
          type: "about:blank#rate_limited",
          title: "Too many requests",
          status: 429,
          code: "rate_limited",
        }),
      });
    });
    const form = page.locator("form#forgot-password");
    await form.getByLabel("Email").fill("someone@example.test");
    await form.getByRole("button", { name: "Send the reset link" }).click();
    const heading = page.getByRole("heading", { level: 1, name: "We could not complete that request" });
    await expect(heading).toBeFocused();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("wait a minute");

    await page.unroute("**/forgot-password");
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.locator("form#forgot-password").getByLabel("Email")).toBeVisible();
  },
);
