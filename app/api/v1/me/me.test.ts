import { afterEach, describe, expect, it, vi } from "vitest";
import { RENEW_AFTER_SECONDS } from "@/lib/auth/session";
import { call, insertSignedInUser, insertUser, sessionCookieFrom } from "@/lib/testing/fixtures";
import { invalidateRoleCache } from "@/lib/authz/role-cache";
import { db } from "@/lib/db";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { GET, PATCH } from "./route";

describe("/api/v1/me", () => {
  it("GET answers with exactly the body the OpenAPI document publishes", async () => {
    const { cookie } = await insertSignedInUser();
    await expectDocumentedResponse(await call(GET, "GET", "/api/v1/me", { cookie }), "/api/v1/me");
    await expectDocumentedResponse(await call(GET, "GET", "/api/v1/me"), "/api/v1/me");
  });

  it("GET returns exactly the contract's fields, with roles and the union of their permissions", async () => {
    const manager = await insertUser();
    const { user, cookie } = await insertSignedInUser();
    const role = await db.role.findUniqueOrThrow({ where: { name: "Manager" } });
    await db.user.update({
      where: { id: user.id },
      data: { managerId: manager.id, roles: { create: { roleId: role.id } } },
    });
    await invalidateRoleCache();
    const response = await call(GET, "GET", "/api/v1/me", { cookie });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual([
      "email",
      "firstName",
      "id",
      "lastName",
      "managerId",
      "permissions",
      "photoUrl",
      "roles",
      "username",
    ]);
    expect(body.managerId).toBe(manager.id);
    expect(body.roles.map((r: { name: string }) => r.name)).toEqual(["Manager", "Employee"]);
    expect(body.roles[0]).toEqual({ id: role.id, name: "Manager", level: 2 });
    expect(body.permissions).toEqual(["roles:read", "users:create", "users:delete", "users:read", "users:update"]);
    expect(JSON.stringify(body)).not.toContain("passwordHash");
  });

  it("PATCH updates firstName/lastName only; other fields are ignored", async () => {
    const { user, cookie } = await insertSignedInUser();
    const response = await call(PATCH, "PATCH", "/api/v1/me", {
      cookie,
      body: {
        firstName: "  Grace ",
        lastName: "Hopper",
        email: "new@example.test",
        username: "hijack",
        isActive: false,
        roles: ["Admin"],
      },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ firstName: "Grace", lastName: "Hopper", email: user.email, username: user.username });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ firstName: "Grace", lastName: "Hopper", email: user.email, isActive: true });
    expect(body.roles.map((r: { name: string }) => r.name)).toEqual(["Employee"]);
  });

  it("PATCH refuses wrong types, huge strings, control characters (400), no session (401) and cross-site (403)", async () => {
    const { user, cookie } = await insertSignedInUser();
    for (const body of [
      { firstName: 5 },
      { lastName: "x".repeat(101) },
      { firstName: "a\u0000b" },
      { firstName: "a\nb" },
      "text",
    ]) {
      const response = await call(PATCH, "PATCH", "/api/v1/me", { cookie, body });
      expect(response.status).toBe(400);
    }
    expect((await call(PATCH, "PATCH", "/api/v1/me", { body: { firstName: "X" } })).status).toBe(401);
    const cross = await call(PATCH, "PATCH", "/api/v1/me", {
      cookie,
      body: { firstName: "X" },
      headers: { origin: "https://evil.example" },
    });
    expect(cross.status).toBe(403);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).firstName).toBe("");
  });

  it("PATCH answers 413 for a body over 16 KiB (streamed or declared), 400 for malformed JSON, 415 for other media types", async () => {
    const { user, cookie } = await insertSignedInUser();
    const big = JSON.stringify({ firstName: "Big", padding: "x".repeat(17 * 1024) });
    const streamed = await call(PATCH, "PATCH", "/api/v1/me", {
      cookie,
      raw: big,
      headers: { "content-type": "application/json" },
    });
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).code).toBe("payload_too_large");
    const declared = await call(PATCH, "PATCH", "/api/v1/me", {
      cookie,
      raw: "{}",
      headers: { "content-type": "application/json", "content-length": String(17 * 1024) },
    });
    expect(declared.status).toBe(413);
    const malformed = await call(PATCH, "PATCH", "/api/v1/me", {
      cookie,
      raw: '{"firstName":',
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).code).toBe("malformed_json");
    expect(
      (
        await call(PATCH, "PATCH", "/api/v1/me", {
          cookie,
          raw: "firstName=X",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        })
      ).status,
    ).toBe(415);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).firstName).toBe("");
  });

  it("answers 401 once the user is deactivated", async () => {
    const { user, cookie } = await insertSignedInUser();
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    expect((await call(GET, "GET", "/api/v1/me", { cookie })).status).toBe(401);
  });
});

describe("sliding renewal", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it("GET /api/v1/me re-issues the cookie when renewal is due", async () => {
    const { cookie } = await insertSignedInUser();
    expect(sessionCookieFrom(await call(GET, "GET", "/api/v1/me", { cookie }))).toBeNull();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + RENEW_AFTER_SECONDS * 1000 + 1000);
    const response = await call(GET, "GET", "/api/v1/me", { cookie });
    expect(response.status).toBe(200);
    const renewed = sessionCookieFrom(response);
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(cookie);
  });
});
