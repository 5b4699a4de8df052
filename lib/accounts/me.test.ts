import { describe, expect, it } from "vitest";
import { invalidateRoleCache } from "../authz/role-cache";
import { db } from "../db";
import { insertUser, uniqueName } from "../testing/fixtures";
import { getMe } from "./me";
import { updateProfile } from "./profile";

async function role(level: number, permissions: string[], name = uniqueName("Role")) {
  const created = await db.role.create({ data: { name, level, permissions } });
  await invalidateRoleCache();
  return created;
}

describe("getMe", () => {
  it("lists the roles from most to least authority, by name within a level, and the union of their permissions", async () => {
    const user = await insertUser();
    const zeta = await role(5, ["users:read", "roles:read"], uniqueName("Zeta"));
    const alpha = await role(5, ["users:read"], uniqueName("Alpha"));
    const top = await role(3, ["users:update"]);
    await db.userRole.createMany({ data: [zeta, alpha, top].map((r) => ({ userId: user.id, roleId: r.id })) });
    const me = await getMe(user.id);
    expect(me.roles.slice(0, 3)).toEqual([
      { id: top.id, name: top.name, level: 3 },
      { id: alpha.id, name: alpha.name, level: 5 },
      { id: zeta.id, name: zeta.name, level: 5 },
    ]);
    expect(me.roles.at(-1)?.name).toBe("Employee");
    expect(me.permissions).toEqual(["roles:read", "users:read", "users:update"]);
  });

  it("answers a user without any role with no roles and no permissions", async () => {
    const user = await insertUser();
    await db.userRole.deleteMany({ where: { userId: user.id } });
    expect(await getMe(user.id)).toMatchObject({ roles: [], permissions: [] });
  });

  it("carries the profile and the manager", async () => {
    const manager = await insertUser();
    const user = await insertUser();
    await db.user.update({
      where: { id: user.id },
      data: { firstName: "Ada", lastName: "Lovelace", managerId: manager.id },
    });
    expect(await getMe(user.id)).toMatchObject({
      id: user.id,
      username: user.username,
      email: user.email,
      firstName: "Ada",
      lastName: "Lovelace",
      managerId: manager.id,
    });
  });

  it("answers 401 for an unknown or inactive user", async () => {
    const pending = await insertUser({ isActive: false });
    for (const id of ["no-such-user", pending.id]) {
      await expect(getMe(id)).rejects.toMatchObject({
        code: "unauthorized",
        message: expect.stringContaining("no longer exists"),
      });
    }
  });
});

describe("updateProfile", () => {
  it("changes only the names given and records which fields changed", async () => {
    const user = await insertUser();
    await db.user.update({ where: { id: user.id }, data: { firstName: "Ada", lastName: "Byron" } });
    const me = await updateProfile(user.id, { lastName: "Lovelace" });
    expect(me).toMatchObject({ firstName: "Ada", lastName: "Lovelace" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "profile.updated" } });
    expect(audit.data).toEqual({ fields: ["lastName"] });

    expect(await updateProfile(user.id, { firstName: "", lastName: "King" })).toMatchObject({
      firstName: "",
      lastName: "King",
    });
    const last = await db.auditEvent.findFirstOrThrow({
      where: { userId: user.id, type: "profile.updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(last.data).toEqual({ fields: ["firstName", "lastName"] });
  });

  it("an empty update changes nothing and records nothing", async () => {
    const user = await insertUser();
    await db.user.update({ where: { id: user.id }, data: { firstName: "Ada" } });
    expect(await updateProfile(user.id, {})).toMatchObject({ firstName: "Ada", lastName: "" });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "profile.updated" } })).toBe(0);
  });

  it("answers 401 for an inactive account and changes nothing", async () => {
    const user = await insertUser({ isActive: false });
    await expect(updateProfile(user.id, { firstName: "Eve" })).rejects.toMatchObject({ code: "unauthorized" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).firstName).toBe("");
  });
});
