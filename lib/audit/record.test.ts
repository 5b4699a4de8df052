import { describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { recordAudit } from "./record";

const META = { ip: "192.0.2.31", userAgent: "audit-test-agent" };

async function lastEvent(type: string) {
  return db.auditEvent.findFirstOrThrow({ where: { type }, orderBy: { createdAt: "desc" } });
}

describe("the audit trail", () => {
  it("records the type, the user as its own actor, the address, the browser and the data", async () => {
    await recordAudit("login.succeeded", { userId: "user-audit-1", meta: META, data: { sessionId: "s-1" } });
    const event = await lastEvent("login.succeeded");
    expect(event).toMatchObject({
      type: "login.succeeded",
      userId: "user-audit-1",
      actorId: "user-audit-1",
      ip: META.ip,
      userAgent: META.userAgent,
      data: { sessionId: "s-1" },
    });
  });

  it("names another actor when an administrator acted on the account", async () => {
    await recordAudit("account.disabled", { userId: "user-audit-2", actorId: "admin-audit-2" });
    expect(await lastEvent("account.disabled")).toMatchObject({ userId: "user-audit-2", actorId: "admin-audit-2" });
  });

  it("without a request or data: empty address and browser, no data, no user", async () => {
    await recordAudit("account.enabled", {});
    const event = await lastEvent("account.enabled");
    expect(event).toMatchObject({ userId: null, actorId: null, ip: "", userAgent: "", data: null });
  });

  it("never fails the caller outside a transaction: a lost row is only logged", async () => {
    const append = vi.spyOn(db, "$queryRaw").mockRejectedValueOnce(new Error("database unreachable"));
    try {
      await expect(recordAudit("logout", { userId: "user-audit-3" })).resolves.toBeUndefined();
      expect(append).toHaveBeenCalledTimes(1);
    } finally {
      append.mockRestore();
    }
    expect(await db.auditEvent.count({ where: { userId: "user-audit-3" } })).toBe(0);
  });

  it("inside a transaction it fails the transaction, so the change and its audit row stay together", async () => {
    const tx = { $queryRaw: () => Promise.reject(new Error("transaction aborted")) };
    await expect(recordAudit("logout", { userId: "user-audit-4" }, tx as never)).rejects.toThrow("transaction aborted");
  });

  it("a failed append inside a real transaction rolls the caller's change back with it", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await recordAudit("account.disabled", { userId: "user-audit-5" }, tx);
        // A value PostgreSQL's jsonb refuses: the append fails, and so does the transaction.
        await recordAudit("account.enabled", { userId: "user-audit-5", data: { text: "nul\u0000" } }, tx);
      }),
    ).rejects.toThrow();
    expect(await db.auditEvent.count({ where: { userId: "user-audit-5" } })).toBe(0);
  });

  it("chains every event it records", async () => {
    await recordAudit("logout", { userId: "user-audit-6", meta: META });
    const event = await lastEvent("logout");
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(event.prevHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
