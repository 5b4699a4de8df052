import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { call, uniqueName } from "@/lib/testing/fixtures";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { insertMember, insertRole, roleId } from "@/lib/testing/org";
import { GET as me } from "../me/route";
import { GET, POST } from "./route";
import { DELETE, PATCH } from "./[id]/route";

const list = (cookie: string) => call(GET, "GET", "/api/v1/roles", { cookie });
const create = (cookie: string, body: unknown) => call(POST, "POST", "/api/v1/roles", { cookie, body });
const patch = (cookie: string, id: string, body: unknown) =>
  call(PATCH, "PATCH", `/api/v1/roles/${id}`, { cookie, body, params: { id } });
const remove = (cookie: string, id: string) =>
  call(DELETE, "DELETE", `/api/v1/roles/${id}`, { cookie, params: { id } });

/** Someone holding roles:manage (and users:read, audit:read) at level 10 (a custom role), and an Admin. */
async function keepers() {
  const admin = await insertMember({ roles: ["Admin"] });
  const keeperRole = await insertRole(10, ["roles:read", "roles:manage", "users:read", "audit:read"]);
  const keeper = await insertMember({ roles: [keeperRole.id] });
  return { admin, keeper };
}

describe("GET /api/v1/roles", () => {
  it("lists every role from most to least authority, with its holders counted", async () => {
    const { admin } = await keepers();
    const response = await list(admin.cookie);
    const body = (await expectDocumentedResponse(response, "/api/v1/roles")) as {
      items: { name: string; level: number; builtIn: boolean; userCount: number; permissions: string[] }[];
    };
    const levels = body.items.map((role) => role.level);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(body.items[0]).toMatchObject({ name: "Admin", level: 1, builtIn: true });
    expect(body.items[0]?.userCount).toBeGreaterThanOrEqual(1);
    expect(body.items[0]?.permissions).toContain("audit:read");
  });

  it("needs roles:read", async () => {
    const employee = await insertMember();
    expect((await list(employee.cookie)).status).toBe(403);
    expect((await call(GET, "GET", "/api/v1/roles")).status).toBe(401);
  });
});

describe("POST /api/v1/roles", () => {
  it("creates a role strictly below the caller's level, with an audit event", async () => {
    const { keeper } = await keepers();
    const name = uniqueName("Support");
    const response = await create(keeper.cookie, {
      name,
      level: 11,
      permissions: ["users:read", "users:read", "roles:read"],
      description: "  First line  ",
    });
    expect(response.status).toBe(201);
    const role = await expectDocumentedResponse(response, "/api/v1/roles", "post");
    expect(role).toMatchObject({
      name,
      level: 11,
      permissions: ["roles:read", "users:read"],
      description: "First line",
      builtIn: false,
      userCount: 0,
    });
    expect(await db.auditEvent.findFirst({ where: { type: "role.created", actorId: keeper.id } })).not.toBeNull();
  });

  it("at or above the caller's level is 403; the Admin can create from level 2", async () => {
    const { admin, keeper } = await keepers();
    expect((await create(keeper.cookie, { name: uniqueName("R"), level: 10, permissions: [] })).status).toBe(403);
    expect((await create(keeper.cookie, { name: uniqueName("R"), level: 1, permissions: [] })).status).toBe(403);
    expect((await create(admin.cookie, { name: uniqueName("R"), level: 1, permissions: [] })).status).toBe(403);
    expect((await create(admin.cookie, { name: uniqueName("R"), level: 2, permissions: [] })).status).toBe(201);
  });

  it.each([
    ["an unknown permission", { level: 50, permissions: ["users:fly"] }, "permissions.0"],
    ["permissions not a list", { level: 50, permissions: "users:read" }, "permissions"],
    ["a level that is not a whole number", { level: 50.5, permissions: [] }, "level"],
    ["a level as text", { level: "50", permissions: [] }, "level"],
    ["a level out of range", { level: 1000, permissions: [] }, "level"],
    ["an empty name", { name: " ", level: 50, permissions: [] }, "name"],
    ["a hostile name", { name: "<script>", level: 50, permissions: [] }, "name"],
    ["an over-long name", { name: "R".repeat(51), level: 50, permissions: [] }, "name"],
    ["a NUL in the description", { level: 50, permissions: [], description: "a\u0000b" }, "description"],
    ["a description that is not text", { level: 50, permissions: [], description: 7 }, "description"],
  ])("%s is a 400 naming the field", async (_, body, field) => {
    const { admin } = await keepers();
    const response = await create(admin.cookie, { name: uniqueName("R"), ...body });
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toHaveProperty([field]);
  });

  it("permissions the caller does not hold cannot be put in a role (403), on create or on edit", async () => {
    const { keeper } = await keepers();
    const create403 = await create(keeper.cookie, { name: uniqueName("R"), level: 50, permissions: ["users:delete"] });
    expect(create403.status).toBe(403);
    expect((await create403.json()).detail).toBe("You cannot give permissions you do not hold.");
    const role = await insertRole(50, []);
    expect((await patch(keeper.cookie, role.id, { permissions: ["users:update"] })).status).toBe(403);
    expect((await db.role.findUniqueOrThrow({ where: { id: role.id } })).permissions).toEqual([]);
    // A permission the role already has, which the editor lacks, does not stop other edits.
    const strong = await insertRole(50, ["users:delete", "users:read"]);
    const kept = await patch(keeper.cookie, strong.id, { permissions: ["users:delete"], description: "Less." });
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ permissions: ["users:delete"], description: "Less." });
  });

  it("a name in use is 409; without roles:manage 403", async () => {
    const { admin } = await keepers();
    expect((await create(admin.cookie, { name: "Manager", level: 5, permissions: [] })).status).toBe(409);
    const reader = await insertMember({ roles: ["Manager"] });
    expect((await create(reader.cookie, { name: uniqueName("R"), level: 50, permissions: [] })).status).toBe(403);
  });
});

describe("PATCH /api/v1/roles/{id}", () => {
  it("changes a role below the caller, and its holders have the new permissions on their next request", async () => {
    const { keeper } = await keepers();
    const role = await insertRole(40, ["users:read"]);
    const holder = await insertMember({ roles: [role.id] });
    const response = await patch(keeper.cookie, role.id, { permissions: ["audit:read"], level: 30 });
    expect(response.status).toBe(200);
    expect(await expectDocumentedResponse(response, "/api/v1/roles/{id}", "patch")).toMatchObject({
      permissions: ["audit:read"],
      level: 30,
      userCount: 1,
    });
    const after = await (await call(me, "GET", "/api/v1/me", { cookie: holder.cookie })).json();
    expect(after.permissions).toEqual(["audit:read"]);
    const event = await db.auditEvent.findFirst({ where: { type: "role.updated", actorId: keeper.id } });
    expect(event?.data).toMatchObject({ before: { level: 40 }, after: { level: 30, permissions: ["audit:read"] } });
  });

  it("a role at or above the caller's level, or a move there, is 403", async () => {
    const { keeper } = await keepers();
    const above = await insertRole(5, []);
    expect((await patch(keeper.cookie, above.id, { description: "mine now" })).status).toBe(403);
    const below = await insertRole(50, []);
    expect((await patch(keeper.cookie, below.id, { level: 10 })).status).toBe(403);
    expect((await patch(keeper.cookie, below.id, { level: 3 })).status).toBe(403);
    expect((await db.role.findUniqueOrThrow({ where: { id: below.id } })).level).toBe(50);
  });

  it("built-in roles keep their name and level (409 built_in_role); their permissions may change", async () => {
    const { admin } = await keepers();
    const employee = await roleId("Employee");
    const renamed = await patch(admin.cookie, employee, { name: "Staff" });
    expect(renamed.status).toBe(409);
    expect(await renamed.json()).toMatchObject({ code: "built_in_role" });
    expect(await (await patch(admin.cookie, employee, { level: 500 })).json()).toMatchObject({ code: "built_in_role" });
    const same = await patch(admin.cookie, employee, { name: "Employee", level: 999, description: "Everyone." });
    expect(same.status).toBe(200);
    // The Admin's own role is at their level: nobody edits it through the API.
    expect((await patch(admin.cookie, await roleId("Admin"), { permissions: [] })).status).toBe(403);
  });

  it("an unknown role is 404 (after the permission check); another role's name 409", async () => {
    const { admin } = await keepers();
    expect((await patch(admin.cookie, "nope", { description: "x" })).status).toBe(404);
    const employee = await insertMember();
    expect((await patch(employee.cookie, "nope", { description: "x" })).status).toBe(403);
    const role = await insertRole(60, []);
    expect((await patch(admin.cookie, role.id, { name: "Manager" })).status).toBe(409);
  });
});

describe("DELETE /api/v1/roles/{id}", () => {
  it("deletes an unused custom role below the caller", async () => {
    const { keeper } = await keepers();
    const role = await insertRole(70, ["users:read"]);
    expect((await remove(keeper.cookie, role.id)).status).toBe(204);
    expect(await db.role.findUnique({ where: { id: role.id } })).toBeNull();
    expect(await db.auditEvent.findFirst({ where: { type: "role.deleted", actorId: keeper.id } })).not.toBeNull();
  });

  it("a role users hold is 409 role_in_use; a built-in one 409 built_in_role; above the caller 403; unknown 404", async () => {
    const { admin, keeper } = await keepers();
    const held = await insertRole(70, []);
    await insertMember({ roles: [held.id] });
    const inUse = await remove(admin.cookie, held.id);
    expect(inUse.status).toBe(409);
    expect(await inUse.json()).toMatchObject({ code: "role_in_use" });
    const builtIn = await remove(admin.cookie, await roleId("Employee"));
    expect(await builtIn.json()).toMatchObject({ code: "built_in_role" });
    expect((await remove(keeper.cookie, (await insertRole(9, [])).id)).status).toBe(403);
    expect((await remove(admin.cookie, "nope")).status).toBe(404);
    expect(await db.role.findUnique({ where: { id: held.id } })).not.toBeNull();
  });
});
