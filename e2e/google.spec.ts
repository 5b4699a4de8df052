import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { newGoogleAccount, chooseGoogleAccount, type GoogleAccount } from "./support/oidc";
import { logIn, registerAndActivate, registerThroughUi, uniqueUser } from "./support/users";

// Journeys through the local OpenID Connect provider (e2e/support/oidc.ts) that plays Google.
test.describe.configure({ timeout: 120_000 });

const SESSION_COOKIE = "authjs.session-token";

async function continueWithGoogle(page: Page, from: "/login" | "/register" = "/login") {
  await page.goto(from);
  // Google's own wording: "Sign in with Google" on the sign-in page, "Sign up with Google" on registration.
  const name = from === "/register" ? "Sign up with Google" : "Sign in with Google";
  await page.getByRole("button", { name, exact: true }).click();
}

async function signUpWithGoogle(page: Page, account: GoogleAccount) {
  await chooseGoogleAccount(page.context(), account);
  await continueWithGoogle(page, "/register");
  await expect(page).toHaveURL(`${E2E_BASE_URL}/account`);
}

function methods(page: Page) {
  return page.locator("section#sign-in-methods");
}

/** Opens the Security tab of the account, where the sign-in methods are. */
async function openSecurity(page: Page) {
  await page.goto("/account/security");
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
}

/** Logs out with the button on the Profile tab. */
async function logOutFromProfile(page: Page) {
  await page.goto("/account");
  await page.getByRole("main").getByRole("button", { name: "Log out" }).click();
}

async function sessionCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies(E2E_BASE_URL)).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  return cookie.value;
}

test("a first Google sign-in creates an active account with the profile's names and a username from the email", async ({
  page,
}) => {
  const account = newGoogleAccount();
  await signUpWithGoogle(page, account);

  const username = account.email.split("@")[0]!;
  await expect(page.getByRole("heading", { name: `Signed in as ${username}` })).toBeVisible();
  await expect(page.getByRole("main").getByText("Grace Hopper")).toBeVisible();
  await expect(page.getByRole("main").getByText(account.email)).toBeVisible();
  await expect(page.getByRole("main").getByText("Employee")).toBeVisible();
  await openSecurity(page);
  await expect(methods(page).getByText(/^Linked since/)).toBeVisible();
  await expect(methods(page).getByText("Not set")).toBeVisible();
  // Google is the only way in: no unlink button, the reason instead.
  await expect(methods(page).getByRole("button", { name: "Unlink Google" })).toHaveCount(0);
  await expect(methods(page).getByText(/Google is your only way to sign in/)).toBeVisible();

  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ username, email: account.email, firstName: "Grace", lastName: "Hopper" });

  // Signing in with Google again lands on the same account.
  await logOutFromProfile(page);
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);
  await continueWithGoogle(page);
  await expect(page.getByRole("heading", { name: `Signed in as ${username}` })).toBeVisible();
});

test("a Google-created user sets a password and then signs in with it", async ({ page }) => {
  const account = newGoogleAccount();
  await signUpWithGoogle(page, account);
  const password = "Violet-Harbour-Compass-82";

  await openSecurity(page);
  const form = page.locator("form#set-password");
  await form.getByLabel("New password", { exact: true }).fill("password");
  await form.getByRole("button", { name: "Set password" }).click();
  await expect(form.getByRole("alert")).toContainText("Please correct the highlighted fields.");

  await form.getByLabel("New password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Set password" }).click();
  await expect(
    methods(page)
      .getByRole("status")
      .filter({ hasText: /Your password has been set/ }),
  ).toBeVisible();
  await page.reload();
  await expect(methods(page).getByText("Set", { exact: true })).toBeVisible();
  await expect(page.locator("form#set-password")).toHaveCount(0);

  await logOutFromProfile(page);
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);
  await logIn(page, account.email, password);
  await expect(page.getByRole("heading", { name: `Signed in as ${account.email.split("@")[0]}` })).toBeVisible();
});

test("an existing account with a password is never linked automatically, even when both sides verified the email", async ({
  page,
  browser,
}) => {
  // Whoever set that password (possibly someone who registered the address before its owner) must not
  // end up sharing an account with the Google identity: the owner signs in with the password and links.
  const user = await registerAndActivate(page, uniqueUser("linked"));
  const google = await browser.newContext({ baseURL: E2E_BASE_URL });
  const googlePage = await google.newPage();
  await chooseGoogleAccount(google, newGoogleAccount({ email: user.email.toUpperCase() }));
  await continueWithGoogle(googlePage);
  await expect(googlePage).toHaveURL(`${E2E_BASE_URL}/auth/error?error=link_required`);
  await expect(googlePage.getByRole("heading", { level: 1, name: "This email already has an account" })).toBeVisible();
  expect((await google.cookies(E2E_BASE_URL)).some((c) => c.name === SESSION_COOKIE)).toBe(false);
  await google.close();

  await logIn(page, user.username, user.password);
  await openSecurity(page);
  await expect(methods(page).getByText("Not linked")).toBeVisible();
});

test("a Google identity whose email Google has not verified is refused and never linked", async ({ page, browser }) => {
  const user = await registerAndActivate(page, uniqueUser("unverified"));
  const google = await browser.newContext({ baseURL: E2E_BASE_URL });
  const googlePage = await google.newPage();
  await chooseGoogleAccount(google, newGoogleAccount({ email: user.email, email_verified: false }));
  await continueWithGoogle(googlePage);
  await expect(googlePage).toHaveURL(`${E2E_BASE_URL}/auth/error?error=email_not_verified`);
  await expect(
    googlePage.getByRole("heading", { level: 1, name: "Google has not verified this email address" }),
  ).toBeVisible();
  await expect(googlePage.getByRole("main").getByText(/choose “Link Google” under “Sign-in methods”/)).toBeVisible();
  expect((await google.cookies(E2E_BASE_URL)).some((c) => c.name === SESSION_COOKIE)).toBe(false);
  await google.close();

  await logIn(page, user.username, user.password);
  await openSecurity(page);
  await expect(methods(page).getByText("Not linked")).toBeVisible();
});

test("an existing account that never confirmed its email is not linked: the page explains how to link", async ({
  page,
  browser,
}) => {
  const user = uniqueUser("pending");
  await registerThroughUi(page, user);
  const google = await browser.newContext({ baseURL: E2E_BASE_URL });
  const googlePage = await google.newPage();
  await chooseGoogleAccount(google, newGoogleAccount({ email: user.email }));
  await continueWithGoogle(googlePage);
  await expect(googlePage).toHaveURL(`${E2E_BASE_URL}/auth/error?error=link_required`);
  await expect(googlePage.getByRole("heading", { level: 1, name: "This email already has an account" })).toBeVisible();
  await expect(googlePage.getByRole("main").getByRole("link", { name: "Sign in with your password" })).toHaveAttribute(
    "href",
    "/login",
  );
  await google.close();
});

test("a signed-in user links Google from /account, signs in with it, and unlinks it", async ({ page, browser }) => {
  const user = await registerAndActivate(page, uniqueUser("linker"));
  await logIn(page, user.username, user.password);
  await openSecurity(page);
  // A Google account with another email: linking from a signed-in session needs no email match.
  const account = newGoogleAccount();
  await chooseGoogleAccount(page.context(), account);
  await methods(page).getByRole("button", { name: "Link Google" }).click();
  // Back on the tab the link was made from.
  await expect(page).toHaveURL(`${E2E_BASE_URL}/account/security`);
  await expect(methods(page).getByText(/^Linked since/)).toBeVisible();
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: `Signed in as ${user.username}` })).toBeVisible();
  // The link replaced this browser's session instead of leaving a second one behind.
  await page.goto("/account/sessions");
  await expect(page.locator("form#sessions [data-session-id]")).toHaveCount(1);

  // Another browser now signs in to the same account with that Google identity.
  const other = await browser.newContext({ baseURL: E2E_BASE_URL });
  const otherPage = await other.newPage();
  await chooseGoogleAccount(other, account);
  await continueWithGoogle(otherPage);
  await expect(otherPage.getByRole("heading", { name: `Signed in as ${user.username}` })).toBeVisible();
  await other.close();

  await openSecurity(page);
  await methods(page).getByRole("button", { name: "Unlink Google" }).click();
  await expect(
    methods(page)
      .getByRole("status")
      .filter({ hasText: /Google has been unlinked/ }),
  ).toBeVisible();
  await expect(methods(page).getByText("Not linked")).toBeVisible();

  // Unlinked, the same Google identity no longer reaches this account: it would create a new one.
  const again = await browser.newContext({ baseURL: E2E_BASE_URL });
  const againPage = await again.newPage();
  await chooseGoogleAccount(again, account);
  await continueWithGoogle(againPage);
  await expect(againPage.getByRole("heading", { name: `Signed in as ${account.email.split("@")[0]}` })).toBeVisible();
  await again.close();
});

test("logging out revokes a session that came from Google sign-in", async ({ page, playwright }) => {
  await signUpWithGoogle(page, newGoogleAccount());
  const cookie = await sessionCookie(page);
  await page.getByRole("main").getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);

  const replay = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  const response = await replay.get("/api/v1/me", { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
  expect(response.status()).toBe(401);
  await replay.dispose();
});

test("denied consent at Google lands on the friendly error page", async ({ page }) => {
  await chooseGoogleAccount(page.context(), newGoogleAccount({ deny: true }));
  await continueWithGoogle(page);
  await expect(page).toHaveURL(/\/auth\/error\?error=/);
  await expect(page.getByRole("heading", { level: 1, name: "Google sign-in did not complete" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Back to sign in" })).toHaveAttribute("href", "/login");
  expect((await page.context().cookies(E2E_BASE_URL)).some((c) => c.name === SESSION_COOKIE)).toBe(false);
});

test("a tampered OAuth state is refused with the friendly page, not a stack trace", async ({ page }) => {
  const response = await page.goto("/api/auth/callback/google?code=forged&state=forged");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/auth\/error\?error=/);
  await expect(page.getByRole("heading", { level: 1, name: "We could not complete the sign-in" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Sign up with Google works as a plain HTML form", async ({ page }) => {
    const account = newGoogleAccount();
    await signUpWithGoogle(page, account);
    await expect(page.getByRole("heading", { name: `Signed in as ${account.email.split("@")[0]}` })).toBeVisible();
  });
});
