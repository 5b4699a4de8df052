import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { emailsTo, linkIn, waitForEmail } from "./support/mailbox";
import {
  ACTIVATION_SUBJECT,
  EMAIL_TIMEOUT_MS,
  RESET_SUBJECT,
  activateFromEmail,
  activateWithLink,
  activationLink,
  logIn,
  logOut,
  registerAndActivate,
  registerThroughUi,
  submitLogin,
  uniqueUser,
} from "./support/users";

// Journeys wait for several emails from the worker.
test.describe.configure({ timeout: 120_000 });

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

test("register, activate from the email, sign in, revoke another session and log out", async ({ page, browser }) => {
  const user = uniqueUser("journey");
  await registerThroughUi(page, user);
  // The confirmation replaces the form and takes focus, so it is read out.
  await expect(page.getByRole("status").filter({ hasText: `we sent an email to ${user.email}` })).toBeFocused();
  // Activating asks for the password chosen at registration and signs the person in.
  await activateFromEmail(page, user);
  await expect(page.getByRole("heading", { name: `Signed in as ${user.username}` })).toBeVisible();
  await logOut(page);
  await logIn(page, user.username, user.password);
  await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
  await expect(page.getByRole("heading", { name: `Signed in as ${user.username}` })).toBeVisible();
  await expect(page.getByRole("main").getByText(user.email)).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Account" });
  await expect(nav.getByRole("link", { name: "Account" })).toHaveAttribute("href", "/account");
  await expect(nav.locator("details.account-menu summary")).toContainText(user.username);
  await expect(nav.getByRole("link", { name: "Sign in" })).toHaveCount(0);

  // A second device signs in with the email address.
  const laptop = await browser.newContext({ baseURL: E2E_BASE_URL, userAgent: FIREFOX_ON_WINDOWS });
  const laptopPage = await laptop.newPage();
  await laptopPage.goto("/login");
  await logIn(laptopPage, user.email, user.password);

  await page.goto("/account/sessions");
  const sessions = page.locator("form#sessions");
  await expect(sessions.locator("[data-session-id]")).toHaveCount(2);
  await expect(sessions.locator("[data-session-id]", { hasText: "This device" })).toHaveCount(1);
  await sessions.getByRole("button", { name: /^Sign out Firefox on Windows/ }).click();
  await expect(sessions.getByRole("status")).toHaveText("The session has been signed out.");
  await expect(sessions.locator("[data-session-id]")).toHaveCount(1);
  await expect(sessions.getByText("You are signed in on this device only.")).toBeVisible();

  // The revoked device is signed out on its very next request.
  await laptopPage.goto("/account");
  // A revoked session lands on the "your session has ended" notice, and comes back after sign-in.
  await expect(laptopPage).toHaveURL(/\/login\?notice=session-ended&callbackUrl=%2Faccount$/);
  await expect(laptopPage.getByRole("main").getByText("Your session has ended.")).toBeVisible();
  await laptop.close();

  // "Log out" is on the Profile tab.
  await page.goto("/account");
  await page.getByRole("main").getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "You have signed out." })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount$/);
});

test("sign out everywhere else ends every other session and keeps this one", async ({ page, browser }) => {
  const user = await registerAndActivate(page, uniqueUser("everywhere"));
  await page.goto("/login");
  await logIn(page, user.username, user.password);

  const others = await Promise.all([
    browser.newContext({ baseURL: E2E_BASE_URL }),
    browser.newContext({ baseURL: E2E_BASE_URL }),
  ]);
  const otherPages = await Promise.all(others.map((context) => context.newPage()));
  for (const other of otherPages) {
    await other.goto("/login");
    await logIn(other, user.email, user.password);
  }

  await page.goto("/account/sessions");
  const sessions = page.locator("form#sessions");
  await expect(sessions.locator("[data-session-id]")).toHaveCount(3);
  await sessions.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(sessions.getByRole("status")).toHaveText("2 other sessions have been signed out.");
  await expect(sessions.locator("[data-session-id]")).toHaveCount(1);
  await expect(sessions.getByRole("button", { name: "Sign out everywhere else" })).toHaveCount(0);

  for (const other of otherPages) {
    await other.goto("/account");
    // A revoked session lands on the "your session has ended" notice, and comes back after sign-in.
    await expect(other).toHaveURL(/\/login\?notice=session-ended&callbackUrl=%2Faccount$/);
    await expect(other.getByRole("main").getByText("Your session has ended.")).toBeVisible();
  }
  await Promise.all(others.map((context) => context.close()));
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
});

test("forgot password, reset from the email, then sign in with the new password only", async ({ page }) => {
  const user = await registerAndActivate(page, uniqueUser("reset"));
  const newPassword = `${user.password}-Renewed`;

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  const forgot = page.locator("form#forgot-password");
  await forgot.getByLabel("Email").fill(user.email.toUpperCase());
  await forgot.getByRole("button", { name: "Send the reset link" }).click();
  await expect(forgot.getByRole("status")).toContainText(`If an account exists for ${user.email}, we sent it an email`);

  const email = await waitForEmail(user.email, RESET_SUBJECT, EMAIL_TIMEOUT_MS);
  const link = linkIn(email, `${E2E_BASE_URL}/reset-password?token=`);
  await page.goto(link);
  const reset = page.locator("form#reset-password");
  // A too-short password is described on its field, and the link stays usable.
  await reset.getByLabel("New password", { exact: true }).fill("short");
  await reset.getByRole("button", { name: "Set the new password" }).click();
  await expect(reset.getByRole("alert")).toContainText("Please correct the highlighted fields.");
  await expect(reset.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(
    /Use at least 8 characters\./,
  );
  await expect(reset.getByLabel("New password", { exact: true })).toBeFocused();
  await reset.getByLabel("New password", { exact: true }).fill(newPassword);
  await reset.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/login\?notice=password-reset$/);
  await expect(
    page
      .getByRole("main")
      .getByRole("status")
      .filter({ hasText: "Your password has been reset. Sign in with your new password." }),
  ).toBeVisible();

  const login = await submitLogin(page, user.username, user.password);
  await expect(login.getByRole("alert")).toContainText("Invalid username/email or password.");

  await logIn(page, user.username, newPassword);
  await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();

  // The link was single use: the page says so at once, without a form.
  await page.goto(link);
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "This reset link is invalid, has expired or has already been used.",
  );
  await expect(reset).toHaveCount(0);
  await expect(page.getByRole("main").getByRole("link", { name: "Ask for a new reset link" })).toHaveAttribute(
    "href",
    "/forgot-password",
  );
});

test("the forgot-password answer is the same for an unknown email", async ({ page }) => {
  const stranger = uniqueUser("nobody");
  await page.goto("/forgot-password");
  const forgot = page.locator("form#forgot-password");
  await forgot.getByLabel("Email").fill(stranger.email);
  await forgot.getByRole("button", { name: "Send the reset link" }).click();
  await expect(forgot.getByRole("status")).toContainText(
    `If an account exists for ${stranger.email}, we sent it an email`,
  );
});

test("registering an email that is already taken looks like a new registration and warns the owner", async ({
  page,
}) => {
  const owner = await registerAndActivate(page, uniqueUser("owner"));
  const copycat = { ...uniqueUser("copycat"), email: owner.email };
  await registerThroughUi(page, copycat);
  await waitForEmail(owner.email, /Someone tried to create an Authcore account/, EMAIL_TIMEOUT_MS);
});

test("a not-yet-activated account is told so and can have the activation email sent again", async ({ page }) => {
  const user = uniqueUser("pending");
  await registerThroughUi(page, user);
  await waitForEmail(user.email, ACTIVATION_SUBJECT, EMAIL_TIMEOUT_MS);

  await page.goto("/login");
  const login = await submitLogin(page, user.email, user.password);
  await expect(login.getByRole("alert")).toContainText("Your account is not activated yet.");
  await login.getByRole("link", { name: "Resend the activation email" }).click();

  await expect(page).toHaveURL(/\/activate\/resend\?email=/);
  const resend = page.locator("form#resend-activation");
  await expect(resend.getByLabel("Email")).toHaveValue(user.email);
  await resend.getByRole("button", { name: "Send the activation email" }).click();
  await expect(resend.getByRole("status")).toContainText(`If an account for ${user.email} is waiting for activation`);
  await expect
    .poll(async () => (await emailsTo(user.email)).filter((e) => ACTIVATION_SUBJECT.test(e.subject)).length, {
      timeout: EMAIL_TIMEOUT_MS,
    })
    .toBe(2);

  // The older link no longer works; the newest one activates the account.
  const emails = (await emailsTo(user.email)).filter((e) => ACTIVATION_SUBJECT.test(e.subject));
  const [oldest, newest] = [emails[0], emails[emails.length - 1]];
  if (!oldest || !newest) throw new Error("no activation email");
  await page.goto(linkIn(oldest, `${E2E_BASE_URL}/activate?token=`));
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This activation link is invalid");
  await activateWithLink(page, linkIn(newest, `${E2E_BASE_URL}/activate?token=`), user.password);
});

test("opening the activation link activates nothing: a mail scanner, or the wrong password, leave it pending", async ({
  page,
}) => {
  const user = uniqueUser("scanned");
  await registerThroughUi(page, user);
  const link = await activationLink(user);
  // A mail scanner fetches the link (and anything it links to): the account stays pending.
  expect((await page.request.get(link)).status()).toBe(200);
  await page.goto(link);
  const form = page.locator("form#activate");
  await form.getByLabel("Password", { exact: true }).fill("Someone-elses-Guess-42");
  await form.getByRole("button", { name: "Activate and sign in" }).click();
  await expect(form.getByRole("alert")).toContainText("That is not the password you chose when you registered.");
  await page.goto("/login");
  const login = await submitLogin(page, user.email, user.password);
  await expect(login.getByRole("alert")).toContainText("Your account is not activated yet.");
  // The owner's own password activates it, and signs them in.
  await activateWithLink(page, link, user.password);
});

test("'this wasn't me' in the activation email cancels the pending account", async ({ page }) => {
  const user = uniqueUser("notme");
  await registerThroughUi(page, user);
  const email = await waitForEmail(user.email, ACTIVATION_SUBJECT, EMAIL_TIMEOUT_MS);
  const cancel = linkIn(email, `${E2E_BASE_URL}/activate/cancel?token=`);
  await page.goto(cancel);
  await page.getByRole("button", { name: "Cancel this registration" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The registration was cancelled" })).toBeVisible();
  await page.goto(linkIn(email, `${E2E_BASE_URL}/activate?token=`));
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This activation link is invalid");
});

test("pages that need a session send you to sign in and back; signed-in users skip the sign-in pages", async ({
  page,
}) => {
  const user = await registerAndActivate(page, uniqueUser("guard"));
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount$/);
  await logIn(page, user.username, user.password, "/account");

  await page.goto("/login");
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/register");
  await expect(page).toHaveURL(/\/account$/);
  // A callbackUrl pointing back at the sign-in page must not loop.
  await page.goto("/login?callbackUrl=%2Flogin");
  await expect(page).toHaveURL(/\/account$/);
});

test("a hostile callbackUrl never leaves the site after sign-in", async ({ page }) => {
  // One account for every target: each one waits for an activation email otherwise.
  const user = await registerAndActivate(page, uniqueUser("redirect"));
  for (const hostile of [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "javascript:alert(1)",
  ]) {
    await test.step(`callbackUrl ${JSON.stringify(hostile)}`, async () => {
      await page.context().clearCookies();
      await page.goto(`/login?callbackUrl=${encodeURIComponent(hostile)}`);
      await logIn(page, user.username, user.password, "/account");
      expect(new URL(page.url()).origin).toBe(E2E_BASE_URL);
    });
  }
});

test("an activation link that is bogus or already used says so", async ({ page }) => {
  await page.goto("/activate?token=this-token-does-not-exist-anywhere");
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "This activation link is invalid, has expired or has already been used.",
  );
  await expect(page.getByRole("main").getByRole("link", { name: "ask for a new activation email" })).toHaveAttribute(
    "href",
    "/activate/resend",
  );
  await page.goto("/activate");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This activation link is incomplete.");
});
