// The second-factor policy, end to end. It gives an Admin a factor, which turns the default
// policy on for every other Admin of the suite's database: playwright.config.ts runs this file in
// its own project, after the others ("dependencies"), so no other journey sees it.
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { signInNewAdmin } from "./support/admin";
import { setUpAuthenticator } from "./support/mfa";

test.describe.configure({ timeout: 180_000 });

test("Admins must use a second factor once one has it; an Admin chooses who, or nobody", async ({ page, browser }) => {
  await signInNewAdmin(page);
  await page.goto("/admin/security");
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
  await expect(page.getByText(/none has yet, so it does not apply/)).toBeVisible();

  // Requiring a factor of one's own level without having one would shut oneself out: refused.
  const form = page.locator("form#mfa-policy");
  await form.getByLabel("Who must use a second factor").selectOption("1"); // level 1 and above: Admin (other tests may add roles to the label);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText(/Set up your own second factor first/).first()).toBeVisible();

  // The first Admin with a factor turns the default on for the other Admins.
  await setUpAuthenticator(page);
  await page.goto("/admin/security");
  await expect(page.getByText(/one has, so it applies now/)).toBeVisible();

  const other = await browser.newContext({ baseURL: E2E_BASE_URL });
  const otherPage = await other.newPage();
  try {
    await signInNewAdmin(otherPage);
    await otherPage.goto("/admin/users");
    await expect(otherPage).toHaveURL(/\/account\/security\?notice=mfa-required$/);
    await expect(otherPage.getByRole("main").getByText(/Your role requires a second factor/)).toBeVisible();
    const refused = await otherPage.request.get("/api/v1/users");
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "mfa_enrollment_required" });
    // Their own account still works: that is where they set one up.
    expect((await otherPage.request.get("/api/v1/me")).status()).toBe(200);

    // Nobody: the other Admin gets the console back on the next request.
    await form.getByLabel("Who must use a second factor").selectOption({ label: "Nobody" });
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByRole("status")).toContainText("The second-factor policy has been saved.");
    await page.reload();
    await expect(page.getByText("Nobody is required to use a second factor.")).toBeVisible();
    await otherPage.goto("/admin/users");
    await expect(otherPage).toHaveURL(/\/admin\/users$/);

    // Managers and above: the other Admin is sent to set one up again, and does.
    await form.getByLabel("Who must use a second factor").selectOption("2"); // level 2 and above: Admin, Manager;
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByRole("status")).toContainText("saved");
    await otherPage.goto("/admin/users");
    await expect(otherPage).toHaveURL(/\/account\/security\?notice=mfa-required$/);
    await setUpAuthenticator(otherPage);
    await otherPage.goto("/admin/users");
    await expect(otherPage).toHaveURL(/\/admin\/users$/);
  } finally {
    await other.close();
  }
});
