import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { logIn, registerAndActivate, uniqueUser } from "./support/users";

// Registration waits for the activation email from the worker.
test.describe.configure({ timeout: 120_000 });

const CLIENT = "e2e-client/1.0";

type Tokens = { access_token: string; token_type: string; expires_in: number; refresh_token: string };

async function me(request: APIRequestContext, accessToken: string): Promise<number> {
  const response = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${accessToken}` } });
  return response.status();
}

test("an app that signed in through the token API is listed under “Apps and devices” and can be revoked", async ({
  page,
  request,
}) => {
  const user = await registerAndActivate(page, uniqueUser("apps"));

  // A third-party client signs in (form-encoded, as OAuth clients do) and uses its access token.
  const granted = await request.post("/api/v1/auth/token", {
    headers: { "user-agent": CLIENT },
    form: { grant_type: "password", identifier: user.username, password: user.password },
  });
  expect(granted.status()).toBe(200);
  const first = (await granted.json()) as Tokens;
  expect(first).toMatchObject({ token_type: "Bearer", expires_in: expect.any(Number) });
  expect(await me(request, first.access_token)).toBe(200);

  // It refreshes (JSON this time): a new access token and a new refresh token, same sign-in.
  const refreshed = await request.post("/api/v1/auth/token", {
    headers: { "user-agent": CLIENT },
    data: { grant_type: "refresh_token", refresh_token: first.refresh_token },
  });
  expect(refreshed.status()).toBe(200);
  const tokens = (await refreshed.json()) as Tokens;
  expect(await me(request, tokens.access_token)).toBe(200);

  // The person signs in in the browser and finds that client among the apps, not the browser sessions.
  await page.goto("/login?callbackUrl=%2Faccount%2Fsessions");
  await logIn(page, user.username, user.password, "/account/sessions");
  await expect(page.getByRole("heading", { name: "Apps and devices" })).toBeVisible();
  const sessions = page.locator("form#sessions");
  await expect(sessions.locator("[data-session-id]")).toHaveCount(1);
  await expect(sessions).not.toContainText(CLIENT);
  await expect(sessions.getByText("You are signed in on this device only.")).toBeVisible();

  const apps = page.locator("form#apps");
  await expect(apps.getByRole("listitem")).toHaveCount(1);
  const row = apps.getByRole("listitem").filter({ hasText: CLIENT });
  await expect(row.getByText(CLIENT, { exact: true })).toBeVisible();
  await expect(row.locator("time")).toHaveCount(2);

  // A fresh sign-in is recent enough: revoking needs no "Confirm it's you" first.
  await apps.getByRole("button", { name: /^Revoke access for e2e-client\/1\.0 last used .+ UTC$/ }).click();
  await expect(apps.getByRole("status")).toHaveText("The app's access has been revoked.");
  await expect(apps.getByRole("listitem")).toHaveCount(0);
  await expect(apps.getByText("No apps or devices use your account through the API.")).toBeVisible();
  await page.reload();
  await expect(page.locator("form#apps")).not.toContainText(CLIENT);

  // Every token of that sign-in stops working at once.
  expect(await me(request, tokens.access_token)).toBe(401);
  expect(await me(request, first.access_token)).toBe(401);
  const refused = await request.post("/api/v1/auth/token", {
    headers: { "user-agent": CLIENT },
    form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token },
  });
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toMatchObject({ error: "invalid_grant" });

  // The browser's own session is untouched.
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: `Signed in as ${user.username}` })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("revoking an app is a plain HTML form", async ({ page, request }) => {
    const user = await registerAndActivate(page, uniqueUser("appsnojs"));
    // JSON works as well as a form for the token endpoint.
    const granted = await request.post("/api/v1/auth/token", {
      headers: { "user-agent": CLIENT },
      data: { grant_type: "password", identifier: user.email, password: user.password },
    });
    expect(granted.status()).toBe(200);
    const tokens = (await granted.json()) as Tokens;

    await page.goto("/login?callbackUrl=%2Faccount%2Fsessions");
    await logIn(page, user.username, user.password, "/account/sessions");
    const apps = page.locator("form#apps");
    await apps.getByRole("button", { name: /^Revoke access for e2e-client\/1\.0 last used / }).click();
    await expect(page.locator("form#apps").getByRole("status")).toHaveText("The app's access has been revoked.");
    await expect(
      page.locator("form#apps").getByText("No apps or devices use your account through the API."),
    ).toBeVisible();
    expect(await me(request, tokens.access_token)).toBe(401);
  });
});
