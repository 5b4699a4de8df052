import { expect, test } from "./support/fixtures";
import { emailsTo, waitForEmail } from "./support/mailbox";
import { ACTIVATION_SUBJECT, submitRegistration, uniqueUser } from "./support/users";

test("after registering: a check-your-email screen with the address and a resend button behind a cooldown", async ({
  page,
}) => {
  await page.clock.install();
  const user = uniqueUser("check");
  await page.goto("/register");
  await submitRegistration(page, user);

  const screen = page.locator("section#check-email");
  await expect(screen.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(screen.getByRole("status").first()).toContainText(user.email);
  await waitForEmail(user.email, ACTIVATION_SUBJECT);

  // The email was just sent: asking again waits a minute, counted down.
  const resend = screen.locator("form#resend-activation").getByRole("button");
  await expect(resend).toBeDisabled();
  await expect(resend).toHaveText(/Send it again in \d+ s/);
  await page.clock.runFor(61_000);
  await expect(resend).toBeEnabled();
  await expect(resend).toHaveText("Send the email again");

  await resend.click();
  await expect(screen.locator("form#resend-activation").getByRole("status")).toContainText(user.email);
  await expect(resend).toBeDisabled();
  await expect
    .poll(async () => (await emailsTo(user.email)).filter((email) => ACTIVATION_SUBJECT.test(email.subject)).length, {
      timeout: 45_000,
    })
    .toBe(2);
});
