// Auth.js's endpoints (/api/auth/*) serve Google sign-in only: password sign-in goes through our
// own login, whose brute-force and account-state rules a second path would bypass.
import { expect, test } from "./support/fixtures";
import { registerAndActivate, uniqueUser } from "./support/users";

test.describe.configure({ timeout: 120_000 });

test("Auth.js offers no credentials sign-in: a right password posted to it gets no session", async ({
  page,
  request,
}) => {
  const providers = (await (await request.get("/api/auth/providers")).json()) as Record<string, unknown>;
  expect(Object.keys(providers)).toEqual(["google"]);

  const user = await registerAndActivate(page, uniqueUser("authjs"));
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, identifier: user.username, password: user.password },
    maxRedirects: 0,
  });
  expect(response.status()).toBeLessThan(500);
  const state = await request.storageState();
  expect(state.cookies.filter((c) => c.name.endsWith("authjs.session-token") && c.value !== "")).toEqual([]);
  expect((await request.get("/api/v1/me")).status()).toBe(401);
});
