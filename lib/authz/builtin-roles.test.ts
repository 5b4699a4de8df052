import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ADMIN_ROLE, BUILT_IN_ROLES, DEFAULT_ROLE, MANAGER_ROLE } from "./builtin-roles";
import { ALL_PERMISSIONS } from "./permissions";
import { seedBuiltInRoles } from "./seed";

describe("the built-in roles", () => {
  it("are Admin (every permission), Manager and Employee, the role new users get, from most to least authority", () => {
    expect([ADMIN_ROLE, MANAGER_ROLE, DEFAULT_ROLE]).toEqual(["Admin", "Manager", "Employee"]);
    expect(BUILT_IN_ROLES.map((role) => [role.name, role.level])).toEqual([
      ["Admin", 1],
      ["Manager", 2],
      ["Employee", 999],
    ]);
    expect(BUILT_IN_ROLES[0]?.permissions).toEqual(ALL_PERMISSIONS);
    expect(BUILT_IN_ROLES[2]?.permissions).toEqual([]);
  });

  it("are seeded marked built-in and described", async () => {
    await seedBuiltInRoles(db);
    const roles = await db.role.findMany({ where: { name: { in: BUILT_IN_ROLES.map((r) => r.name) } } });
    expect(roles).toHaveLength(3);
    for (const role of roles) {
      expect(role.builtIn).toBe(true);
      expect(role.description).toBe(BUILT_IN_ROLES.find((r) => r.name === role.name)?.description);
      expect(role.description.length).toBeGreaterThan(10);
    }
  });

  it("seeding again restores a built-in role someone changed: level, permissions, description and mark", async () => {
    await seedBuiltInRoles(db);
    await db.role.update({
      where: { name: MANAGER_ROLE },
      data: { level: 50, permissions: ["roles:manage"], description: "changed", builtIn: false },
    });
    await seedBuiltInRoles(db);
    expect(await db.role.findUniqueOrThrow({ where: { name: MANAGER_ROLE } })).toMatchObject({
      level: 2,
      permissions: ["users:read", "users:create", "users:update", "users:delete", "roles:read"],
      description: BUILT_IN_ROLES[1]?.description,
      builtIn: true,
    });
  });
});
