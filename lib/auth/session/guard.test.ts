import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { insertSignedInUser } from "../../testing/fixtures";
import type { CurrentSession } from "./authenticate";
import { SESSION_COOKIE_NAME } from "./cookie";
import { assertSameSite, authenticate, withRenewal } from "./guard";
import { clearedSessionCookie } from "./registry";
import { serializeSessionCookie } from "./set-cookie";

function request(method: string, headers: Record<string, string> = {}) {
  return new Request(`${config.appUrl}/api/v1/me`, { method, headers });
}

describe("the route-handler session guard", () => {
  it("refuses a state-changing request from another site with 403, and lets reads and our own pages through", () => {
    expect(() => assertSameSite(request("POST", { "sec-fetch-site": "cross-site" }))).toThrow(
      expect.objectContaining({
        code: "cross_site_request",
        status: 403,
        message: "Cross-site requests cannot change anything here.",
      }),
    );
    expect(() => assertSameSite(request("GET", { "sec-fetch-site": "cross-site" }))).not.toThrow();
    expect(() => assertSameSite(request("POST", { "sec-fetch-site": "same-origin" }))).not.toThrow();
  });

  it("returns the session a valid cookie carries", async () => {
    const { user, sessionId, cookie } = await insertSignedInUser();
    const session = await authenticate(request("GET", { cookie: `${SESSION_COOKIE_NAME}=${cookie}` }));
    expect(session).toMatchObject({ userId: user.id, sessionId });
  });

  it("answers 401 without a session cookie, and 403 before looking at the cookie of a cross-site post", async () => {
    await expect(authenticate(request("GET"))).rejects.toMatchObject({
      code: "unauthorized",
      status: 401,
      message: "Sign in to continue.",
    });
    const { cookie } = await insertSignedInUser();
    await expect(
      authenticate(request("POST", { cookie: `${SESSION_COOKIE_NAME}=${cookie}`, "sec-fetch-site": "cross-site" })),
    ).rejects.toMatchObject({ code: "cross_site_request" });
  });

  it("attaches the renewed cookie to the response only when the session was renewed", () => {
    const base = { renewedCookie: null } as CurrentSession;
    expect(withRenewal(new Response(), base).headers.getSetCookie()).toEqual([]);
    const renewed = clearedSessionCookie();
    const response = withRenewal(new Response(), { ...base, renewedCookie: renewed });
    expect(response.headers.getSetCookie()).toEqual([serializeSessionCookie(renewed)]);
  });
});
