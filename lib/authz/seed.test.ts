import { describe, expect, it } from "vitest";
import { db } from "../db";
import { seedBuiltInRoles } from "./seed";

describe("seedBuiltInRoles", () => {
  it("creates the built-in roles idempotently", async () => {
    await seedBuiltInRoles(db);
    await seedBuiltInRoles(db);
    const roles = await db.role.findMany({ orderBy: { level: "asc" } });
    expect(roles.map((r) => [r.name, r.level])).toEqual([
      ["Admin", 1],
      ["Manager", 2],
      ["Employee", 999],
    ]);
    expect(roles[0]?.permissions).toEqual(
      expect.arrayContaining([
        "users:read",
        "users:create",
        "users:update",
        "users:delete",
        "roles:read",
        "roles:manage",
      ]),
    );
    expect(roles[1]?.permissions.sort()).toEqual([
      "roles:read",
      "users:create",
      "users:delete",
      "users:read",
      "users:update",
    ]);
    expect(roles[2]?.permissions).toEqual([]);
  });
});
