// Methods a path does not have, over real HTTP against the production server: proxy.ts answers
// the ones Next would (a bare, empty 405), server.ts those Next never sees (PROPFIND, TRACE), both
// as a 405 problem naming the path's methods in Allow, the same list as Next's own OPTIONS answer.
import { expect, test, type APIResponse } from "@playwright/test";
import { PROXYLESS_PATHS } from "../lib/http/proxyless-paths";
import { NON_PAGE_CSP } from "../lib/http/security-headers";

async function expectMethodNotAllowed(response: APIResponse, allow: string, withBody = true) {
  expect(response.status()).toBe(405);
  expect(response.headers()["allow"]).toBe(allow);
  expect(response.headers()["content-type"]).toBe("application/problem+json");
  if (withBody) expect(await response.json()).toMatchObject({ status: 405, code: "method_not_allowed" });
}

test("a method the path does not have gets a 405 problem with Allow, the same list OPTIONS gives", async ({
  request,
}) => {
  await expectMethodNotAllowed(await request.put("/api/v1/me"), "GET, HEAD, OPTIONS, PATCH");
  await expectMethodNotAllowed(await request.post("/api/v1/users/some-id"), "DELETE, GET, HEAD, OPTIONS, PATCH");
  await expectMethodNotAllowed(await request.delete("/.well-known/jwks.json"), "GET, HEAD, OPTIONS");
  await expectMethodNotAllowed(
    await request.fetch("/api/v1/users/some-id", { method: "PROPFIND" }),
    "DELETE, GET, HEAD, OPTIONS, PATCH",
  );

  const options = await request.fetch("/api/v1/me", { method: "OPTIONS" });
  expect(options.status()).toBe(204);
  expect(options.headers()["allow"]).toBe("GET, HEAD, OPTIONS, PATCH");
});

test("the probes and the JWKS, which skip the proxy, carry the fixed security headers and refuse other methods", async ({
  request,
}) => {
  for (const path of PROXYLESS_PATHS) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-security-policy"], path).toBe(NON_PAGE_CSP);
    expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers()["x-frame-options"], path).toBe("DENY");
    expect(response.headers()["set-cookie"], path).toBeUndefined();
    await expectMethodNotAllowed(await request.post(path), "GET, HEAD, OPTIONS");
  }
});

test("HEAD is answered wherever GET is and refused elsewhere", async ({ request }) => {
  expect((await request.head("/api/health")).status()).toBe(200);
  await expectMethodNotAllowed(await request.head("/api/v1/auth/login"), "OPTIONS, POST", false);
});

test("Auth.js's endpoints, outside the document, answer as before", async ({ request }) => {
  expect((await request.get("/api/auth/session")).status()).toBe(200);
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  expect(await csrf.json()).toHaveProperty("csrfToken");
});
