import { describe, expect, it } from "vitest";
import { call, insertSignedInUser, sessionCookieFrom } from "@/lib/testing/fixtures";
import { GET as me } from "../api/v1/me/route";
import { POST as logOut } from "./route";

describe("POST /logout (the browser's Log out form)", () => {
  it("revokes the session, clears its cookie, clears site data but cookies, and redirects to sign-in", async () => {
    const { cookie } = await insertSignedInUser();
    const response = await call(logOut, "POST", "/logout", {
      cookie,
      headers: { "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login?notice=signed-out");
    expect(response.headers.get("clear-site-data")).toBe('"cache", "storage"');
    expect(sessionCookieFrom(response)).toBe("");
    expect(response.headers.getSetCookie().join()).toMatch(/Max-Age=0/);
    // Revoked server-side: replaying the old cookie is refused.
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(401);
  });

  it("without a live session still clears the cookie and redirects (logging out twice is no error)", async () => {
    for (const cookie of [undefined, "not-a-session"]) {
      const response = await call(logOut, "POST", "/logout", { cookie });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/login?notice=signed-out");
      expect(sessionCookieFrom(response)).toBe("");
    }
  });

  it("refuses a cross-site post (logout CSRF) and keeps the session", async () => {
    const { cookie } = await insertSignedInUser();
    const response = await call(logOut, "POST", "/logout", {
      cookie,
      headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
    expect(sessionCookieFrom(response)).toBeNull();
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(200);
  });
});
