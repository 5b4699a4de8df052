import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { call, insertSignedInUser, insertUser, TEST_META } from "@/lib/testing/fixtures";
import { GET } from "./route";

const PATH = "/api/v1/me/activity";

type Page = {
  items: { id: string; at: string; type: string; byOther: boolean; ip: string; userAgent: string }[];
  page: number;
  pageSize: number;
  total: number;
};

describe("GET /api/v1/me/activity", () => {
  it("refuses a visitor without a session with 401", async () => {
    const response = await call(GET, "GET", PATH);
    expect(response.status).toBe(401);
    await expectDocumentedResponse(response, PATH);
  });

  it("answers with the caller's own security events only, newest first, in the documented shape", async () => {
    const { user, cookie } = await insertSignedInUser();
    const other = await insertUser();
    const browser = { ip: "203.0.113.8", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
    await recordAudit("login.succeeded", { userId: user.id, meta: browser });
    await recordAudit("profile.updated", { userId: user.id, meta: browser }); // not a security event
    await recordAudit("password.changed", { userId: user.id, meta: browser });
    await recordAudit("login.succeeded", { userId: other.id, meta: TEST_META }); // someone else's
    await recordAudit("account.disabled", { userId: user.id, actorId: other.id, meta: TEST_META });

    const response = await call(GET, "GET", PATH, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await expectDocumentedResponse(response, PATH)) as Page;
    expect(body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
    expect(body.items.map((item) => item.type)).toEqual(["account.disabled", "password.changed", "login.succeeded"]);
    expect(body.items[1]).toMatchObject({ byOther: false, ip: browser.ip, userAgent: browser.userAgent });
    // An administrator's action is shown, but not the administrator's address or browser.
    expect(body.items[0]).toMatchObject({ byOther: true, ip: "", userAgent: "" });
    expect(JSON.stringify(body)).not.toMatch(/hash|prevHash|actorId/);
  });

  it("pages, and refuses a page that is not a positive number or a pageSize over 50 with 400", async () => {
    const { user, cookie } = await insertSignedInUser();
    for (let i = 0; i < 3; i += 1) await recordAudit("session.revoked", { userId: user.id, data: { i } });
    const second = await call(GET, "GET", `${PATH}?page=2&pageSize=2`, { cookie });
    expect(await second.json()).toMatchObject({ page: 2, pageSize: 2, total: 3, items: [{ type: "session.revoked" }] });
    for (const query of ["?page=abc", "?page=0", "?pageSize=51"]) {
      const response = await call(GET, "GET", `${PATH}${query}`, { cookie });
      expect(response.status, query).toBe(400);
      await expectDocumentedResponse(response, PATH);
    }
  });
});
