import { describe, expect, it, vi } from "vitest";
import { DEFAULT_ROLE } from "../authz/builtin-roles";
import { seedBuiltInRoles } from "../authz/seed";
import { db } from "../db";

/** default-role.ts as a process that has not asked yet (its answer is kept per process). */
async function freshDefaultRoleId() {
  vi.resetModules();
  return (await import("./default-role")).defaultRoleId;
}

describe("the default role of new users", () => {
  it("seeds the built-in roles when a deployment skipped db:seed, and answers the Employee role", async () => {
    // This file creates no users, so the roles can all go.
    await db.role.deleteMany();
    const defaultRoleId = await freshDefaultRoleId();
    const id = await defaultRoleId();
    expect((await db.role.findUniqueOrThrow({ where: { id } })).name).toBe(DEFAULT_ROLE);
    expect((await db.role.findMany({ orderBy: { level: "asc" } })).map((r) => r.name)).toEqual([
      "Admin",
      "Manager",
      "Employee",
    ]);
  });

  it("is the existing Employee role when the roles are there, and stays the same answer", async () => {
    await seedBuiltInRoles(db);
    const defaultRoleId = await freshDefaultRoleId();
    const employee = await db.role.findUniqueOrThrow({ where: { name: DEFAULT_ROLE } });
    expect(await defaultRoleId()).toBe(employee.id);
    expect(await defaultRoleId()).toBe(employee.id);
  });

  it("does not reset built-in roles an administrator changed when a process first asks", async () => {
    await seedBuiltInRoles(db);
    await db.role.update({ where: { name: "Manager" }, data: { permissions: ["users:read"] } });
    const defaultRoleId = await freshDefaultRoleId();
    await defaultRoleId();
    expect((await db.role.findUniqueOrThrow({ where: { name: "Manager" } })).permissions).toEqual(["users:read"]);
  });
});
