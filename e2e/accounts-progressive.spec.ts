import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import {
  activateFromEmail,
  logOut,
  registerAndActivate,
  registerThroughUi,
  submitLogin,
  submitRegistration,
  uniqueUser,
  type TestUser,
} from "./support/users";

// Some tests first register and activate a user, which waits for the worker to deliver an email.
test.describe.configure({ timeout: 120_000 });

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("every step of sign-up and sign-in works as plain HTML forms", async ({ page }) => {
    const user = uniqueUser("nojs");
    await registerThroughUi(page, user);
    // The confirmation replaces the form and takes focus (autofocus in the page rendered after the post).
    await expect(page.getByRole("status").filter({ hasText: `we sent an email to ${user.email}` })).toBeFocused();
    await activateFromEmail(page, user);
    await logOut(page);

    await page.goto("/login");
    const form = await submitLogin(page, user.username, "Definitely-Not-It-99");
    await expect(form.getByRole("alert")).toContainText("Invalid username/email or password.");
    await expect(form.getByRole("alert")).toBeFocused();
    await expect(form.getByLabel("Username or email")).toHaveValue(user.username);
    await expect(form.getByLabel("Password", { exact: true })).toHaveValue("");

    await form.getByLabel("Password", { exact: true }).fill(user.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();

    const profile = page.locator("form#profile");
    await profile.getByLabel("First name").fill("Katherine");
    await profile.getByRole("button", { name: "Save profile" }).click();
    await expect(page.locator("form#profile").getByRole("status")).toHaveText("Your profile has been saved.");

    await logOut(page);
  });

  test("field errors render on the server with the values kept", async ({ page }) => {
    const form = await submitRegistration(page, { username: "x", email: "still-not-an-email", password: "tiny" });
    await expect(form.getByRole("alert")).toContainText("Please correct the highlighted fields.");
    await expect(form.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Username")).toBeFocused();
    await expect(form.getByLabel("Username")).toHaveValue("x");
    await expect(form.getByLabel("Email")).toHaveValue("still-not-an-email");
    await expect(form.getByLabel("Password", { exact: true })).toHaveValue("");
  });
});

/** The hidden fields React renders into the server-rendered login form so it can post without JavaScript. */
async function loginActionFields(request: APIRequestContext): Promise<Record<string, string>> {
  const html = await (await request.get("/login")).text();
  const form = html.match(/<form[^>]*id="login"[\s\S]*?<\/form>/)?.[0] ?? "";
  const fields: Record<string, string> = {};
  for (const input of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = input[0].match(/name="([^"]*)"/)?.[1];
    const value = input[0].match(/value="([^"]*)"/)?.[1] ?? "";
    if (name)
      fields[name] = value
        .replaceAll("&quot;", '"')
        .replaceAll("&#x27;", "'")
        .replaceAll("&lt;", "<")
        .replaceAll("&gt;", ">")
        .replaceAll("&amp;", "&");
  }
  expect(Object.keys(fields).some((name) => name.startsWith("$ACTION"))).toBe(true);
  return fields;
}

async function postLogin(request: APIRequestContext, user: TestUser, origin: string) {
  const fields = await loginActionFields(request);
  return request.post("/login", {
    multipart: { ...fields, identifier: user.username, password: user.password },
    headers: { origin },
    maxRedirects: 0,
    failOnStatusCode: false,
  });
}

test("a server action posted from another origin is refused and signs nobody in", async ({ page, playwright }) => {
  const user = await registerAndActivate(page, uniqueUser("csrf"));
  const request = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  try {
    const foreign = await postLogin(request, user, "https://evil.example");
    expect(foreign.status()).toBeGreaterThanOrEqual(400);
    expect(foreign.headers()["set-cookie"] ?? "").not.toContain("session-token");

    // The same post from the app's own origin signs in: the refusal above was about the origin.
    const own = await postLogin(request, user, E2E_BASE_URL);
    expect(own.status()).toBe(303);
    expect(own.headers()["location"]).toMatch(/\/account$/);
    expect(own.headers()["set-cookie"] ?? "").toContain("session-token");
  } finally {
    await request.dispose();
  }
});
