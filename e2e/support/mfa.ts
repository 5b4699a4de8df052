// Second factors in the browser journeys: an authenticator app set up through /account/security, the
// codes it shows, and a passkey device.
import { expect, type Page } from "@playwright/test";
import { generate } from "otplib";

const nowStep = () => Math.floor(Date.now() / 30_000);
/** The last time step whose code each app (secret) gave: each code works once. */
const lastStep = new Map<string, number>();

/** The app's code for the current time step, or the next one when the current one was used (the server takes ±1). */
export function nextCode(secret: string): Promise<string> {
  const step = Math.max((lastStep.get(secret) ?? nowStep() - 2) + 1, nowStep());
  lastStep.set(secret, step);
  return generate({ secret, epoch: step * 30 });
}

/** Sets up the authenticator app on /account/security (a fresh sign-in needs no step-up); its key and codes. */
export async function setUpAuthenticator(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto("/account/security");
  await page.locator("section#two-step-verification").getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page).toHaveURL(/\/account\/totp$/);
  const secret = (await page.locator("#totp-secret").innerText()).replace(/\s+/g, "");
  const form = page.locator("form#totp-confirm");
  await form.getByLabel("Code from your app").fill(await nextCode(secret));
  await form.getByRole("button", { name: "Turn on" }).click();
  await expect(page).toHaveURL(/\/account\/recovery-codes(#.*)?$/);
  const items = page.locator("#recovery-codes li");
  await expect(items).toHaveCount(10);
  return { secret, recoveryCodes: (await items.allInnerTexts()).map((code) => code.trim()) };
}

/**
 * Attaches Chromium's virtual authenticator to the page (over the DevTools protocol; it lasts as
 * long as the page's tab): a platform authenticator that keeps discoverable credentials and
 * verifies its user, as a phone or laptop with a passkey does.
 */
export async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}
