import { test as plainTest } from "@playwright/test";
import { expect, test } from "./support/fixtures";

test("the home page says what the app is and links to sign-in and sign-up", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Authcore" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Create an account" })).toHaveAttribute(
    "href",
    "/register",
  );
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");
});

test("the readiness endpoint reports every service from the browser", async ({ page }) => {
  await page.goto("/");
  const ready = await page.evaluate(async () => {
    const response = await fetch("/api/ready");
    return { status: response.status, body: (await response.json()) as unknown };
  });
  expect(ready).toEqual({ status: 200, body: { status: "ok", checks: { db: "ok", redis: "ok", rabbitmq: "ok" } } });
});

// Plain Playwright test: opening a JSON document makes the browser ask for /favicon.ico (we serve
// app/icon.svg), a 404 it logs.
plainTest("the health endpoint answers while the process is up", async ({ page }) => {
  const response = await page.goto("/api/health");
  expect(response?.status()).toBe(200);
  expect(await response?.json()).toEqual({ status: "ok" });
});
