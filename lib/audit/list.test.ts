import { describe, expect, it } from "vitest";
import { listActivity, listAuditEvents, SECURITY_EVENT_TYPES } from "./list";
import { recordAudit, type AuditType } from "./record";

const META = { ip: "192.0.2.77", userAgent: "list-test" };

describe("listing the audit trail", () => {
  it("lists newest first in chain order, filtered exactly by user and type, with the filtered total", async () => {
    for (const type of ["login.succeeded", "logout", "login.succeeded"] as const) {
      await recordAudit(type, { userId: "list-a", meta: META });
    }
    await recordAudit("logout", { userId: "list-b", actorId: "admin-1" });

    const forA = await listAuditEvents({ userId: "list-a", page: 1, pageSize: 2 });
    expect(forA).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(forA.items.map((item) => item.type)).toEqual(["login.succeeded", "logout"]);
    expect(forA.items[0]!.prevHash).toBe(forA.items[1]!.hash);
    expect(forA.items[0]).toMatchObject({ userId: "list-a", actorId: "list-a", ip: META.ip, data: null });

    const rest = await listAuditEvents({ userId: "list-a", page: 2, pageSize: 2 });
    expect(rest.items.map((item) => item.type)).toEqual(["login.succeeded"]);

    const logouts = await listAuditEvents({ type: "logout", page: 1, pageSize: 20 });
    expect(logouts.total).toBe(2);
    expect(logouts.items.map((item) => item.userId)).toEqual(["list-b", "list-a"]);
    expect(await listAuditEvents({ userId: "list-b", type: "login.succeeded", page: 1, pageSize: 20 })).toEqual({
      items: [],
      page: 1,
      pageSize: 20,
      total: 0,
    });
  });
});

describe("a user's security activity", () => {
  it("shows only the user's own security events, and hides another actor's address and browser", async () => {
    const types: AuditType[] = ["account.registered", "login.succeeded", "profile.updated", "token.revoked"];
    for (const type of types) await recordAudit(type, { userId: "activity-a", meta: META });
    await recordAudit("login.succeeded", { userId: "activity-b", meta: META });
    await recordAudit("user.roles_changed", { userId: "activity-a", actorId: "admin-2", meta: META });

    const activity = await listActivity("activity-a");
    expect(activity).toMatchObject({ page: 1, pageSize: 20, total: 3 });
    expect(activity.items).toEqual([
      {
        id: expect.any(String),
        at: expect.any(String),
        type: "user.roles_changed",
        byOther: true,
        ip: "",
        userAgent: "",
      },
      { id: expect.any(String), at: expect.any(String), type: "token.revoked", byOther: false, ...META },
      { id: expect.any(String), at: expect.any(String), type: "login.succeeded", byOther: false, ...META },
    ]);
    expect((await listActivity("activity-a", 2, 2)).items.map((item) => item.type)).toEqual(["login.succeeded"]);
  });

  it("counts sign-ins, password changes, revocations and role changes as security events, not registration", () => {
    for (const type of [
      "login.succeeded",
      "password.changed",
      "session.revoked",
      "token.revoked",
      "user.roles_changed",
    ])
      expect(SECURITY_EVENT_TYPES).toContain(type);
    expect(SECURITY_EVENT_TYPES).not.toContain("account.registered");
    expect(SECURITY_EVENT_TYPES).not.toContain("profile.updated");
  });
});
