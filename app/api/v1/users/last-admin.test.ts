import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { call } from "@/lib/testing/fixtures";
import { insertMember } from "@/lib/testing/org";
import { DELETE, PATCH } from "./[id]/route";

const patch = (cookie: string, id: string, body: unknown) =>
  call(PATCH, "PATCH", `/api/v1/users/${id}`, { cookie, body, params: { id } });
const remove = (cookie: string, id: string) =>
  call(DELETE, "DELETE", `/api/v1/users/${id}`, { cookie, params: { id } });

/** Leaves no active Admin in this file's database, so each test starts from the Admins it makes. */
async function noOtherAdmins() {
  await db.$executeRaw`
    UPDATE "User" SET "isActive" = false
    WHERE "id" IN (SELECT ur."userId" FROM "UserRole" ur JOIN "Role" r ON r."id" = ur."roleId" WHERE r."name" = 'Admin')`;
}

beforeEach(noOtherAdmins);

describe("never zero active Admins (409 last_admin)", () => {
  it("the only Admin cannot disable themselves", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    const response = await patch(admin.cookie, admin.id, { isActive: false });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "last_admin" });
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).isActive).toBe(true);
  });

  it("a manager above the only Admin in the chain can neither disable nor delete them", async () => {
    const manager = await insertMember({ roles: ["Manager"] });
    const admin = await insertMember({ roles: ["Admin"], managerId: manager.id });
    // Refused before the last-Admin rule is reached: an Admin is above a Manager's level (403).
    expect((await patch(manager.cookie, admin.id, { isActive: false })).status).toBe(403);
    expect((await remove(manager.cookie, admin.id)).status).toBe(403);
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ isActive: true });
  });

  it("with a second Admin, one may be disabled", async () => {
    const first = await insertMember({ roles: ["Admin"] });
    const second = await insertMember({ roles: ["Admin"] });
    expect((await patch(first.cookie, second.id, { isActive: false })).status).toBe(200);
    expect((await patch(first.cookie, first.id, { isActive: false })).status).toBe(409);
  });

  it("two Admins disabling each other at the same moment: exactly one succeeds", async () => {
    const first = await insertMember({ roles: ["Admin"] });
    const second = await insertMember({ roles: ["Admin"] });
    const answers = await Promise.all([
      patch(first.cookie, second.id, { isActive: false }),
      patch(second.cookie, first.id, { isActive: false }),
    ]);
    const statuses = answers.map((response) => response.status).sort();
    // The loser is refused: 409 when it saw the winner's change, 401 when its own account went first.
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const active = await db.user.count({ where: { id: { in: [first.id, second.id] }, isActive: true } });
    expect(active).toBe(1);
  });
});
