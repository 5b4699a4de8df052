import { randomBytes } from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { linkIn, waitForEmail } from "./mailbox";

export type TestUser = { username: string; email: string; password: string; firstName: string; lastName: string };

export const ACTIVATION_SUBJECT = /Activate your Authcore account/;
export const RESET_SUBJECT = /Reset your Authcore password/;
/** Emails go outbox → RabbitMQ → worker → fake Resend; on a loaded 2-core CI machine that can take a while. */
export const EMAIL_TIMEOUT_MS = 45_000;

/** A user no other test (or earlier run against the same database) has used. */
export function uniqueUser(prefix = "user"): TestUser {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  return {
    username: `${prefix}_${id}`,
    email: `${prefix}.${id}@example.test`,
    password: `Quiet-Lantern-${randomBytes(4).toString("hex")}-Meadow`,
    firstName: "Ada",
    lastName: "Lovelace",
  };
}

const REGISTRATION_LABELS = {
  username: "Username",
  email: "Email",
  password: "Password",
  firstName: "First name",
  lastName: "Last name",
} as const;

/** Opens /register, fills in the given fields (the others stay empty), submits, and returns the form. */
export async function submitRegistration(page: Page, values: Partial<TestUser>): Promise<Locator> {
  await page.goto("/register");
  const form = page.locator("form#register");
  for (const [name, label] of Object.entries(REGISTRATION_LABELS)) {
    const value = values[name as keyof TestUser];
    // The input itself: a password's show/hide toggle is labelled after it too.
    if (value !== undefined) await form.getByLabel(label).and(form.locator("input")).fill(value);
  }
  await form.getByRole("button", { name: "Create account" }).click();
  return form;
}

/**
 * How long a form whose server action hashes a password may take to answer: the hash waits its
 * turn on a pool shared with every parallel test's sign-ins, and on a loaded 2-core CI machine a
 * registration has taken over the default 10 s.
 */
const HASHING_SUBMIT_TIMEOUT_MS = 30_000;

/** Fills the registration form and waits for its (enumeration-proof) success message. */
export async function registerThroughUi(page: Page, user: TestUser): Promise<void> {
  await submitRegistration(page, user);
  await expect(page.getByRole("status").filter({ hasText: `we sent an email to ${user.email}` })).toBeVisible({
    timeout: HASHING_SUBMIT_TIMEOUT_MS,
  });
}

/** The activation link from the newest activation email to the user. */
export async function activationLink(user: Pick<TestUser, "email">): Promise<string> {
  const email = await waitForEmail(user.email, ACTIVATION_SUBJECT, EMAIL_TIMEOUT_MS);
  return linkIn(email, `${E2E_BASE_URL}/activate?token=`);
}

/** Opens an activation link, confirms with the password chosen at registration, and lands signed in. */
export async function activateWithLink(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  const form = page.locator("form#activate");
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Activate and sign in" }).click();
  await expect(page).toHaveURL(/\/account\?notice=activated$/);
  await expect(page.getByRole("main").getByText("Your account is active, and you are signed in.")).toBeVisible();
}

/** Activates from the user's email: the page asks for the password, then the person is signed in. */
export async function activateFromEmail(page: Page, user: TestUser): Promise<void> {
  await activateWithLink(page, await activationLink(user), user.password);
}

/** Opens the header's account menu (a native disclosure: works without JavaScript too). */
export async function openAccountMenu(page: Page): Promise<Locator> {
  const nav = page.getByRole("navigation", { name: "Account" });
  const menu = nav.locator("details.account-menu");
  if ((await menu.getAttribute("open")) === null) await menu.locator("summary").click();
  return menu;
}

/** Signs out of the active account with the header's menu and waits for the sign-in page. */
export async function logOut(page: Page): Promise<void> {
  await (await openAccountMenu(page)).getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);
}

/** A registered, activated account; signed out again unless `signedIn` (activation signs the person in). */
export async function registerAndActivate(
  page: Page,
  user: TestUser = uniqueUser(),
  { signedIn = false }: { signedIn?: boolean } = {},
): Promise<TestUser> {
  await registerThroughUi(page, user);
  await activateFromEmail(page, user);
  if (!signedIn) await logOut(page);
  return user;
}

/** Fills the sign-in form on the current page and submits it; returns the form (for its errors). */
export async function submitLogin(page: Page, identifier: string, password: string): Promise<Locator> {
  const form = page.locator("form#login");
  await form.getByLabel("Username or email").fill(identifier);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  return form;
}

/** Signs in through the login form and waits for the page it lands on. */
export async function logIn(page: Page, identifier: string, password: string, landing = "/account"): Promise<void> {
  if (!page.url().includes("/login")) await page.goto("/login");
  await submitLogin(page, identifier, password);
  await expect(page).toHaveURL((url) => url.pathname + url.search === landing);
}
