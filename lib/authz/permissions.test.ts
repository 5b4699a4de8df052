import { describe, expect, it } from "vitest";
import { ACTIONS, ALL_PERMISSIONS, isPermission, parsePermission, RESOURCES } from "./permissions";

describe("the permission vocabulary", () => {
  it("is the eight resource:action permissions over users, roles, the audit trail and security settings", () => {
    expect(RESOURCES).toEqual(["users", "roles", "audit", "security"]);
    expect(ACTIONS).toEqual(["read", "create", "update", "delete", "manage"]);
    expect(ALL_PERMISSIONS).toEqual([
      "users:read",
      "users:create",
      "users:update",
      "users:delete",
      "roles:read",
      "roles:manage",
      "audit:read",
      "security:manage",
    ]);
  });

  it("recognises exactly the permissions it defines: no other spelling, casing or combination", () => {
    for (const permission of ALL_PERMISSIONS) expect(isPermission(permission)).toBe(true);
    for (const other of [
      "",
      "users",
      "users:",
      ":read",
      "USERS:READ",
      " users:read",
      "users:manage",
      "roles:delete",
      "audit:write",
    ]) {
      expect(isPermission(other)).toBe(false);
    }
  });

  it("splits a permission into its resource and action, and refuses anything outside the vocabulary", () => {
    expect(parsePermission("users:update")).toEqual({ resource: "users", action: "update" });
    expect(parsePermission("roles:manage")).toEqual({ resource: "roles", action: "manage" });
    expect(parsePermission("roles:create")).toBeNull();
    expect(parsePermission("admin")).toBeNull();
  });
});
