// The second step of a sign-in in a real browser: after the password (or Google) an account with
// a second factor goes to /login/verify, with no session until the factor is given. Only
// ordinary accounts get factors here: an Admin with one would turn the default second-factor
// policy on for every other Admin of the suite (e2e/mfa-policy.spec.ts runs that journey last).
import type { BrowserContext, Locator, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { chooseGoogleAccount, newGoogleAccount } from "./support/oidc";
import { signInNewAdmin } from "./support/admin";
import { addVirtualAuthenticator, nextCode, setUpAuthenticator } from "./support/mfa";
import { logOut, registerAndActivate, submitLogin, uniqueUser } from "./support/users";

test.describe.configure({ timeout: 120_000 });

const SESSION_COOKIE = "authjs.session-token";
const MFA_COOKIE = "authcore.mfa";

async function cookieNamed(context: BrowserContext, name: string, path = "/") {
  return (await context.cookies(`${E2E_BASE_URL}${path}`)).find((cookie) => cookie.name === name);
}

function codeForm(page: Page): Locator {
  return page.locator("form#verify-code");
}

async function enterCode(page: Page, code: string): Promise<void> {
  await codeForm(page).getByLabel("Code from your authenticator app").fill(code);
  await codeForm(page).getByRole("button", { name: "Verify" }).click();
}

async function enterRecoveryCode(page: Page, code: string): Promise<void> {
  const form = page.locator("form#verify-recovery");
  // Folded under "Use a recovery code" unless the last attempt failed.
  if (!(await form.getByLabel("Recovery code").isVisible())) await page.getByText("Use a recovery code").click();
  await form.getByLabel("Recovery code").fill(code);
  await form.getByRole("button", { name: "Use this recovery code" }).click();
}

test("a person with an authenticator app signs in with the password, then the app's code", async ({ page }) => {
  const user = await registerAndActivate(page, uniqueUser("mfa"), { signedIn: true });
  const { secret } = await setUpAuthenticator(page);
  await logOut(page);

  await page.goto("/login?callbackUrl=%2Faccount%23two-step-verification");
  await submitLogin(page, user.username, user.password);
  await expect(page).toHaveURL(/\/login\/verify\?callbackUrl=%2Faccount%23two-step-verification$/);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm it's you" })).toBeVisible();
  // The password alone starts no session; the sign-in's challenge waits in an HttpOnly cookie for /login.
  expect(await cookieNamed(page.context(), SESSION_COOKIE)).toBeUndefined();
  const challenge = await cookieNamed(page.context(), MFA_COOKIE, "/login/verify");
  expect(challenge).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/login" });
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);

  const input = codeForm(page).getByLabel("Code from your authenticator app");
  await expect(input).toHaveAttribute("autocomplete", "one-time-code");
  await expect(input).toHaveAttribute("inputmode", "numeric");
  const right = await nextCode(secret);
  await enterCode(page, `${(Number(right[0]) + 5) % 10}${right.slice(1)}`);
  await expect(codeForm(page).getByRole("alert")).toContainText("That code is not correct.");
  await expect(page).toHaveURL(/\/login\/verify/);

  await enterCode(page, right);
  await expect(page).toHaveURL(`${E2E_BASE_URL}/account#two-step-verification`);
  await expect(page.getByRole("heading", { name: `Signed in as ${user.username}` })).toBeVisible();
  expect(await cookieNamed(page.context(), MFA_COOKIE, "/login/verify")).toBeUndefined();

  // Used up: /login/verify without a sign-in waiting for its second step goes back to /login.
  await logOut(page);
  await page.goto("/login/verify");
  await expect(page).toHaveURL(/\/login\?notice=mfa-expired$/);
  await expect(page.getByRole("main").getByText(/That sign-in took too long or was already finished/)).toBeVisible();
});

test("a recovery code signs in instead of the app, without JavaScript, and only once", async ({ page, browser }) => {
  const user = await registerAndActivate(page, uniqueUser("recovery"), { signedIn: true });
  const { recoveryCodes } = await setUpAuthenticator(page);
  await logOut(page);

  const context = await browser.newContext({ baseURL: E2E_BASE_URL, javaScriptEnabled: false });
  const noScript = await context.newPage();
  try {
    await noScript.goto("/login");
    await submitLogin(noScript, user.email, user.password);
    await expect(noScript).toHaveURL(/\/login\/verify/);
    await enterRecoveryCode(noScript, recoveryCodes[0]!.toUpperCase());
    await expect(noScript).toHaveURL(`${E2E_BASE_URL}/account`);
    await expect(noScript.getByRole("heading", { name: `Signed in as ${user.username}` })).toBeVisible();
    await noScript.getByRole("main").getByRole("button", { name: "Log out" }).click();
    await expect(noScript).toHaveURL(/\/login\?notice=signed-out$/);

    await submitLogin(noScript, user.username, user.password);
    await expect(noScript).toHaveURL(/\/login\/verify/);
    await enterRecoveryCode(noScript, recoveryCodes[0]!);
    await expect(noScript.locator("form#verify-recovery").getByRole("alert")).toContainText(
      "That recovery code is not correct, or was already used.",
    );
    expect(await cookieNamed(context, SESSION_COOKIE)).toBeUndefined();
    await enterRecoveryCode(noScript, recoveryCodes[1]!);
    await expect(noScript).toHaveURL(`${E2E_BASE_URL}/account`);
  } finally {
    await context.close();
  }
});

test("a Google sign-in into an account with a second factor asks for it before any session", async ({ page }) => {
  const account = newGoogleAccount();
  await chooseGoogleAccount(page.context(), account);
  await page.goto("/register");
  await page.getByRole("button", { name: "Sign up with Google", exact: true }).click();
  await expect(page).toHaveURL(`${E2E_BASE_URL}/account`);
  const { secret } = await setUpAuthenticator(page);
  await page.goto("/account");
  await page.getByRole("main").getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);

  await page.getByRole("button", { name: "Sign in with Google", exact: true }).click();
  await expect(page).toHaveURL(/\/login\/verify\?callbackUrl=/);
  await expect(page.getByRole("main").getByText(/Google has signed you in/)).toBeVisible();
  expect(await cookieNamed(page.context(), SESSION_COOKIE)).toBeUndefined();
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);

  await enterCode(page, await nextCode(secret));
  await expect(page).toHaveURL(`${E2E_BASE_URL}/account`);
  await expect(page.getByRole("heading", { name: `Signed in as ${account.email.split("@")[0]}` })).toBeVisible();
});

test("a person with a passkey uses it as the second step after the password", async ({ page }) => {
  const user = await registerAndActivate(page, uniqueUser("passkey2fa"), { signedIn: true });
  await addVirtualAuthenticator(page);
  await page.goto("/account/security");
  const add = page
    .locator("section#passkeys")
    .locator("form", { has: page.getByRole("heading", { name: "Add a passkey" }) });
  await add.getByLabel("Name").fill("Laptop");
  await add.getByRole("button", { name: "Add a passkey" }).click();
  await expect(add.getByText("The passkey “Laptop” has been added.").first()).toBeVisible();
  await logOut(page);

  await submitLogin(page, user.username, user.password);
  await expect(page).toHaveURL(/\/login\/verify/);
  await expect(page.locator("form#verify-code")).toHaveCount(0);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(`${E2E_BASE_URL}/account`);
  await expect(page.getByRole("heading", { name: `Signed in as ${user.username}` })).toBeVisible();
});

test("an administrator resets a person's second factors: they sign in with the password alone again", async ({
  page,
  browser,
}) => {
  const person = await registerAndActivate(page, uniqueUser("reset"), { signedIn: true });
  await setUpAuthenticator(page);
  const personContext = page.context();

  const adminContext = await browser.newContext({ baseURL: E2E_BASE_URL });
  const adminPage = await adminContext.newPage();
  try {
    await signInNewAdmin(adminPage);
    await adminPage.goto(`/admin/users?q=${encodeURIComponent(person.username)}`);
    await adminPage.getByRole("link", { name: person.username }).click();
    const section = adminPage.locator("section", { has: adminPage.getByRole("heading", { name: "Second factors" }) });
    await expect(
      section.getByText(/Authenticator app: set up\. Passkeys: 0\. Recovery codes left: 10\./),
    ).toBeVisible();
    await section.getByRole("button", { name: "Reset second factors" }).click();
    await expect(section.getByText("Tick the box to confirm").first()).toBeVisible();
    await section.getByLabel(`Yes, remove every second factor of ${person.username}`).check();
    await section.getByRole("button", { name: "Reset second factors" }).click();
    await expect(section.getByRole("status")).toContainText("Every second factor has been removed");
  } finally {
    await adminContext.close();
  }

  // Signed out everywhere; the password alone signs in again.
  expect((await personContext.request.get("/api/v1/me")).status()).toBe(401);
  await page.goto("/login");
  await submitLogin(page, person.username, person.password);
  await expect(page).toHaveURL(`${E2E_BASE_URL}/account`);
});
