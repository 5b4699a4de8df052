import { describe, expect, it } from "vitest";
import { call, insertSignedInUser, sessionCookieFrom } from "@/lib/testing/fixtures";
import { GET as me } from "../../me/route";
import { POST as logout } from "./route";

describe("POST /api/v1/auth/logout", () => {
  it("tells the browser to drop its cache and storage, but not its cookies (the device cookie survives)", async () => {
    const { cookie } = await insertSignedInUser();
    const response = await call(logout, "POST", "/api/v1/auth/logout", { cookie });
    expect(response.status).toBe(204);
    const clearSiteData = response.headers.get("clear-site-data") ?? "";
    expect(clearSiteData).toContain('"cache"');
    expect(clearSiteData).toContain('"storage"');
    expect(clearSiteData).not.toContain("cookies");
    expect(clearSiteData).not.toContain("*");
    expect(sessionCookieFrom(response)).toBe("");
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(401);
  });
});
