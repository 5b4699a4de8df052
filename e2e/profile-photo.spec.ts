import sharp from "sharp";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { signInNewAdmin } from "./support/admin";
import { registerAndActivate, uniqueUser } from "./support/users";

// Registering and activating waits for the worker to deliver an email.
test.describe.configure({ timeout: 120_000 });

/** 400×200: red top-left, green top-right, yellow bottom-left, blue bottom-right. */
async function quadrants(): Promise<Buffer> {
  const block = (r: number, g: number, b: number) =>
    sharp({ create: { width: 200, height: 100, channels: 3, background: { r, g, b } } })
      .png()
      .toBuffer();
  return sharp({ create: { width: 400, height: 200, channels: 3, background: { r: 0, g: 0, b: 255 } } })
    .composite([
      { input: await block(255, 0, 0), left: 0, top: 0 },
      { input: await block(0, 255, 0), left: 200, top: 0 },
      { input: await block(255, 255, 0), left: 0, top: 100 },
    ])
    .png()
    .toBuffer();
}

/** The colour at (x, y) of the photo at `url`, fetched with the page's cookies (none are needed). */
async function colourAt(page: Page, url: string, x: number, y: number): Promise<number[]> {
  const response = await page.request.get(url);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/webp");
  expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(response.headers()["set-cookie"]).toBeUndefined();
  const { data, info } = await sharp(await response.body())
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([256, 256]);
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}
const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - expected[i]!) < 40);

const photoSection = (page: Page) => page.getByRole("region", { name: "Profile photo" });
const avatarIn = (scope: Locator, kind: "photo" | "initials") => scope.locator(`[data-avatar="${kind}"]`).first();

async function myId(page: Page): Promise<string> {
  const response = await page.request.get("/api/v1/me");
  return ((await response.json()) as { id: string }).id;
}

test("upload a cropped photo, see it on /account and in the admin console, remove it: initials again", async ({
  page,
}) => {
  await signInNewAdmin(page);
  const id = await myId(page);
  await page.goto("/account");
  const section = photoSection(page);
  await expect(avatarIn(section, "initials")).toBeVisible();

  await section.getByLabel("Photo", { exact: true }).setInputFiles({
    name: "quadrants.png",
    mimeType: "image/png",
    buffer: await quadrants(),
  });
  // The cropper starts on the centred square; zoom in, then move to the right edge with the keyboard.
  const crop = section.getByRole("group", { name: "Photo crop" });
  await expect(section.getByText("Keeping 200 by 200 pixels from 100, 0.")).toBeVisible();
  await crop.focus();
  for (let i = 0; i < 8; i += 1) await page.keyboard.press("+");
  for (let i = 0; i < 20; i += 1) await page.keyboard.press("Shift+ArrowRight");
  const status = section.getByText(/^Keeping \d+ by \d+ pixels from \d+, \d+\.$/);
  const square = async () => (await status.textContent())!.match(/\d+/g)!.map(Number);
  await expect(async () => {
    const [size, , x] = await square();
    expect(size).toBeLessThan(100);
    expect(x).toBe(400 - size!);
  }).toPass();
  // Dragging moves it too: the picture pulled down shows more of its top.
  const box = (await crop.boundingBox())!;
  await page.mouse.move(box.x + 120, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 230, { steps: 5 });
  await page.mouse.up();
  await expect(async () => expect((await square())[3]).toBe(0)).toPass();
  await section.getByRole("button", { name: "Upload photo" }).click();
  await expect(section.getByRole("status").filter({ hasText: "Your photo has been updated." })).toBeVisible();

  const photo = avatarIn(section, "photo");
  await expect(photo).toBeVisible();
  const url = (await photo.getAttribute("src"))!;
  expect(url).toMatch(new RegExp(`/photos/${id}/[0-9a-f]{32}\\.webp$`));
  // The square kept is the top-right corner: green, where the centred square would start red.
  expect(near(await colourAt(page, url, 10, 10), [0, 255, 0])).toBe(true);
  expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(256);

  await page.goto("/admin/users");
  await expect(avatarIn(page.locator(`tbody tr[data-user-id="${id}"]`), "photo")).toHaveAttribute("src", url);
  await page.goto(`/admin/users/${id}`);
  await expect(avatarIn(page.getByRole("heading", { level: 1 }), "photo")).toHaveAttribute("src", url);

  await page.goto("/account");
  await photoSection(page).getByRole("button", { name: "Remove photo" }).click();
  await expect(
    photoSection(page).getByRole("status").filter({ hasText: "Your photo has been removed." }),
  ).toBeVisible();
  await expect(avatarIn(photoSection(page), "initials")).toBeVisible();
  await expect(photoSection(page).locator('[data-avatar="photo"]')).toHaveCount(0);
  expect((await page.request.get(url)).status()).toBe(404);
});

test("a file that is not a usable photo is refused on the form, with the reason", async ({ page }) => {
  await registerAndActivate(page, uniqueUser("photo"), { signedIn: true });
  await page.goto("/account");
  const section = photoSection(page);
  await section.getByLabel("Photo", { exact: true }).setInputFiles({
    name: "avatar.png",
    mimeType: "image/png",
    buffer: Buffer.from('<?php system($_GET["c"]); ?>'),
  });
  await expect(section.getByText("This file cannot be previewed here.", { exact: false })).toBeVisible();
  await section.getByRole("button", { name: "Upload photo" }).click();
  await expect(section.locator("form#photo").getByRole("alert")).toContainText("must be a JPEG, PNG or WebP image");
  await expect(avatarIn(section, "initials")).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the plain form uploads the centred square, and removes it", async ({ page }) => {
    await registerAndActivate(page, uniqueUser("nojsphoto"), { signedIn: true });
    await page.goto("/account");
    await photoSection(page)
      .getByLabel("Photo", { exact: true })
      .setInputFiles({ name: "quadrants.png", mimeType: "image/png", buffer: await quadrants() });
    await photoSection(page).getByRole("button", { name: "Upload photo" }).click();
    await expect(photoSection(page).getByText("Your photo has been updated.")).toBeVisible();
    const url = (await avatarIn(photoSection(page), "photo").getAttribute("src"))!;
    // The centred square of 400×200 starts at x = 100: red at its top left, blue at its bottom right.
    expect(near(await colourAt(page, url, 10, 10), [255, 0, 0])).toBe(true);
    expect(near(await colourAt(page, url, 245, 245), [0, 0, 255])).toBe(true);

    await photoSection(page).getByRole("button", { name: "Remove photo" }).click();
    await expect(photoSection(page).getByText("Your photo has been removed.")).toBeVisible();
    await expect(avatarIn(photoSection(page), "initials")).toBeVisible();
  });
});
