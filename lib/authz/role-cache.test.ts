import { describe, expect, it } from "vitest";
import { db } from "../db";
import { redis } from "../redis";
import { effectiveAccess, getRoles, invalidateRoleCache, refreshRoleCache } from "./role-cache";
import { seedBuiltInRoles } from "./seed";

describe("role cache", () => {
  it("serves roles from Redis and sees a permission change after invalidation", async () => {
    await seedBuiltInRoles(db);
    const manager = await db.role.findUniqueOrThrow({ where: { name: "Manager" } });
    expect((await refreshRoleCache()).roles).toBe(3);
    expect((await getRoles([manager.id]))[0]?.permissions).toContain("users:read");

    await db.role.update({ where: { id: manager.id }, data: { permissions: ["roles:read"] } });
    expect((await getRoles([manager.id]))[0]?.permissions).toContain("users:read"); // still cached
    await invalidateRoleCache();
    expect((await getRoles([manager.id]))[0]?.permissions).toEqual(["roles:read"]);
    expect(await redis.hexists("authz:roles", manager.id)).toBe(1);
  });

  it("computes the union of permissions and the lowest level", () => {
    const access = effectiveAccess([
      { id: "a", name: "A", level: 5, permissions: ["users:read"] },
      { id: "b", name: "B", level: 2, permissions: ["roles:read", "users:read"] },
    ]);
    expect(access).toEqual({ permissions: ["roles:read", "users:read"], level: 2 });
    expect(effectiveAccess([]).level).toBe(1000);
  });
});
