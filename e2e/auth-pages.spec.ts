import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { uniqueUser } from "./support/users";

// The sign-in, registration and recovery pages: one centred card, Google first, the password
// checked as it is typed, fields checked with the server's schemas, and forms that hold still
// while they are being sent.

test("the sign-in page shows Google's button first, then 'or', the password form and the passkey", async ({ page }) => {
  await page.goto("/login");
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();

  const google = main.getByRole("button", { name: "Sign in with Google", exact: true });
  const or = main.getByText("or", { exact: true });
  const identifier = main.locator("form#login").getByLabel("Username or email");
  const passkey = main.getByRole("button", { name: "Sign in with a passkey" });
  await expect(google).toBeVisible();
  await expect(or).toBeVisible();
  // Top to bottom on the screen, in this order.
  const tops = [];
  for (const element of [main.getByRole("heading", { level: 1 }), google, or, identifier, passkey]) {
    tops.push((await element.boundingBox())!.y);
  }
  expect([...tops].sort((a, b) => a - b)).toEqual(tops);
  // And in the document (the reading order), Google's form comes before the password form.
  expect(
    await page.evaluate(() => {
      const googleForm = document.getElementById("google-sign-in")!;
      const login = document.getElementById("login")!;
      return Boolean(googleForm.compareDocumentPosition(login) & Node.DOCUMENT_POSITION_FOLLOWING);
    }),
  ).toBe(true);

  // Google's look: 40 px high, white with a #747775 border in the light theme.
  const box = (await google.boundingBox())!;
  expect(Math.round(box.height)).toBe(40);
  await expect(google).toHaveCSS("background-color", "rgb(255, 255, 255)");
  await expect(google).toHaveCSS("border-top-color", "rgb(116, 119, 117)");
  await expect(google).toHaveCSS("font-weight", "500");

  // The card: at most ~440 px wide, centred, with the secondary link in its footer.
  const card = (await main.locator("> div").first().boundingBox())!;
  expect(card.width).toBeLessThanOrEqual(440);
  const viewport = page.viewportSize()!;
  expect(Math.abs(card.x + card.width / 2 - viewport.width / 2)).toBeLessThan(2);
  await expect(main.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/register");
});

test("registration says 'Sign up with Google', and its button is Google's dark one in the dark theme", async ({
  page,
  context,
}) => {
  await context.addCookies([{ name: "theme", value: "dark", url: E2E_BASE_URL }]);
  await page.goto("/register");
  const google = page.getByRole("main").getByRole("button", { name: "Sign up with Google", exact: true });
  await expect(google).toHaveCSS("background-color", "rgb(19, 19, 20)");
  await expect(google).toHaveCSS("border-top-color", "rgb(142, 145, 143)");
  await expect(google).toHaveCSS("color", "rgb(227, 227, 227)");
});

test("typing a weak then a strong password moves the meter and ticks the checklist", async ({ page }) => {
  const user = uniqueUser("meter");
  await page.goto("/register");
  const form = page.locator("form#register");
  await form.getByLabel("Username").fill(user.username);
  await form.getByLabel("Email").fill(user.email);
  const password = form.getByLabel("Password", { exact: true });
  const meter = form.getByRole("meter", { name: "Password strength" });
  const rule = (text: string) => form.getByRole("listitem").filter({ hasText: text });
  await expect(meter).toHaveAttribute("aria-valuemax", "4");

  await password.fill(`${user.username}1`);
  await expect(meter).toHaveAttribute("aria-valuetext", "Too weak");
  await expect(rule("characters")).toContainText(": met");
  await expect(rule("Does not contain your username or email")).toContainText(": not met");

  await password.fill("password123");
  await expect(rule("Not a commonly used password")).toContainText(": not met");
  await expect(meter).toHaveAttribute("aria-valuetext", "Too weak");

  await password.fill("violet kettle drumroll harbour");
  await expect(meter).toHaveAttribute("aria-valuetext", "Strong");
  await expect(meter).toHaveAttribute("aria-valuenow", "4");
  for (const text of ["characters", "Not a commonly used password", "Does not contain your username or email"]) {
    await expect(rule(text)).toContainText(": met");
    await expect(rule(text)).not.toContainText("not met");
  }
  // Read out once the typing pauses, politely.
  await expect(form.locator('[aria-live="polite"]').filter({ hasText: "Password strength: Strong" })).toHaveCount(1);
});

test("the zxcvbn dictionaries are not loaded by the sign-in page, only once a new password is typed", async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on("response", async (response) => {
    if (response.request().resourceType() === "script") scripts.push(await response.text());
  });
  await page.goto("/login");
  await page.waitForLoadState("networkidle");
  // The dictionary key "passwords-common" is only in the lazily loaded checker chunk.
  expect(scripts.some((source) => source.includes("passwords-common"))).toBe(false);

  await page.goto("/register");
  await page.waitForLoadState("networkidle");
  const before = scripts.length;
  expect(scripts.some((source) => source.includes("passwords-common"))).toBe(false);
  await page.locator("form#register").getByLabel("Password", { exact: true }).fill("anything at all");
  await expect.poll(() => scripts.slice(before).some((source) => source.includes("passwords-common"))).toBe(true);
});

test("leaving an invalid email shows the schema's message on the field, and fixing it clears it", async ({ page }) => {
  await page.goto("/register");
  const form = page.locator("form#register");
  const email = form.getByLabel("Email");
  await email.fill("ada@example");
  await expect(email).not.toHaveAttribute("aria-invalid", "true");
  await email.blur();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await email.getAttribute("aria-describedby"))!;
  await expect(page.locator(`[id="${describedBy.split(" ")[0]}"]`)).toHaveText("Enter a valid email address.");
  await expect(email).toHaveAccessibleDescription(/Enter a valid email address\./);

  await email.fill("ada@example.test");
  await expect(email).not.toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Enter a valid email address.")).toHaveCount(0);
});

test("after the server refuses a registration the typed values stay, the password does not, and focus goes to the field", async ({
  page,
}) => {
  const user = uniqueUser("refused");
  await page.goto("/register");
  const form = page.locator("form#register");
  await form.getByLabel("Username").fill(user.username);
  await form.getByLabel("Email").fill(user.email);
  // Long enough for the browser's length check; only the server's policy refuses it.
  await form.getByLabel("Password", { exact: true }).fill(`${user.username}-2024`);
  await form.getByLabel("First name").fill("Ada");
  await form.getByLabel("Last name").fill("Lovelace");
  await form.getByRole("button", { name: "Create account" }).click();

  await expect(form.getByRole("alert")).toContainText("Please correct the highlighted fields.");
  const password = form.getByLabel("Password", { exact: true });
  await expect(password).toBeFocused();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/The password must not contain your username\./);
  await expect(password).toHaveValue("");
  await expect(form.getByLabel("Username")).toHaveValue(user.username);
  await expect(form.getByLabel("Email")).toHaveValue(user.email);
  await expect(form.getByLabel("First name")).toHaveValue("Ada");
  await expect(form.getByLabel("Last name")).toHaveValue("Lovelace");
});

test("while a sign-in is being sent the form is disabled and its button says so", async ({ page }) => {
  await page.goto("/login");
  const form = page.locator("form#login");
  await form.getByLabel("Username or email").fill("nobody-here@example.test");
  await form.getByLabel("Password", { exact: true }).fill("not-the-password-1234");

  // Hold the server action's POST until the pending state has been looked at.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname === "/login",
    async (route) => {
      if (route.request().method() === "POST") await held;
      await route.continue();
    },
  );
  await form.getByRole("button", { name: "Sign in", exact: true }).click();

  const button = form.getByRole("button", { name: "Signing in…" });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute("aria-busy", "true");
  await expect(form.getByLabel("Username or email")).toBeDisabled();
  await expect(form.getByLabel("Password", { exact: true })).toBeDisabled();
  await expect(form.getByRole("button", { name: "Show password" })).toBeDisabled();

  release();
  await expect(form.getByRole("alert")).toContainText("Invalid username/email or password.");
  await expect(form.getByLabel("Username or email")).toBeEnabled();
  await expect(form.getByLabel("Username or email")).toHaveValue("nobody-here@example.test");
  await expect(form.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
});

for (const theme of ["light", "dark"] as const) {
  test(`axe finds nothing on the registration and recovery pages in the ${theme} theme`, async ({ page, context }) => {
    await context.addCookies([{ name: "theme", value: theme, url: E2E_BASE_URL }]);
    for (const path of ["/register", "/forgot-password", "/reset-password", "/activate/resend", "/unlock"]) {
      await page.goto(path);
      if (path === "/register") {
        // With the meter and the checklist showing, and a field error.
        const form = page.locator("form#register");
        await form.getByLabel("Password", { exact: true }).fill("password123");
        await expect(form.getByRole("meter")).toHaveAttribute("aria-valuetext", "Too weak");
        await form.getByLabel("Email").fill("nope");
        await form.getByLabel("Email").blur();
        await expect(form.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
      }
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map(
          (v) => `${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        ),
      ).toEqual([]);
    }
  });
}
