import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { logger } from "../log";
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

  it("answers with exactly the roles asked for, also when a miss rebuilds the cache", async () => {
    await seedBuiltInRoles(db);
    await invalidateRoleCache();
    const [admin, manager] = await Promise.all(
      ["Admin", "Manager"].map((name) => db.role.findUniqueOrThrow({ where: { name } })),
    );
    expect((await getRoles([manager!.id])).map((r) => r.name)).toEqual(["Manager"]);
    expect((await getRoles([admin!.id, manager!.id])).map((r) => r.name).sort()).toEqual(["Admin", "Manager"]);
    expect(await getRoles([])).toEqual([]);
  });

  it("an empty list of roles is answered without asking Redis", async () => {
    const hmget = vi.spyOn(redis, "hmget");
    const warn = vi.spyOn(logger, "warn");
    expect(await getRoles([])).toEqual([]);
    expect(hmget).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it("a role created after the cache was built is found: one missing role rebuilds the cache", async () => {
    await seedBuiltInRoles(db);
    await refreshRoleCache();
    const admin = await db.role.findUniqueOrThrow({ where: { name: "Admin" } });
    const auditor = await db.role.create({
      data: { name: `Auditor-${Date.now()}`, level: 40, permissions: ["users:read"] },
    });
    const roles = await getRoles([admin.id, auditor.id]);
    expect(roles.map((r) => r.id).sort()).toEqual([admin.id, auditor.id].sort());
    expect(roles.find((r) => r.id === auditor.id)).toEqual({
      id: auditor.id,
      name: auditor.name,
      level: 40,
      permissions: ["users:read"],
    });
    expect(await redis.hexists("authz:roles", auditor.id)).toBe(1);
  });

  it("keeps authorizing from PostgreSQL when Redis cannot be reached, and says so in the log", async () => {
    await seedBuiltInRoles(db);
    const manager = await db.role.findUniqueOrThrow({ where: { name: "Manager" } });
    vi.spyOn(redis, "hmget").mockRejectedValue(new Error("connect ECONNREFUSED"));
    const warn = vi.spyOn(logger, "warn");
    expect(await getRoles([manager.id])).toEqual([
      { id: manager.id, name: "Manager", level: 2, permissions: manager.permissions },
    ]);
    expect(warn).toHaveBeenCalledWith({ err: "connect ECONNREFUSED" }, expect.any(String));
  });

  it("an invalidation that cannot reach Redis is logged, not thrown at the change that caused it", async () => {
    vi.spyOn(redis, "del").mockRejectedValue(new Error("connect ECONNREFUSED"));
    const warn = vi.spyOn(logger, "warn");
    await expect(invalidateRoleCache()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith({ err: "connect ECONNREFUSED" }, expect.any(String));
  });

  it("an empty role table makes an empty cache, not an error", async () => {
    // This file creates no users, so every role can go.
    await db.role.deleteMany();
    expect(await refreshRoleCache()).toEqual({ roles: 0 });
    expect(await redis.exists("authz:roles")).toBe(0);
    await seedBuiltInRoles(db);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});
