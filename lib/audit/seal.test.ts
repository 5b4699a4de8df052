import { describe, expect, it } from "vitest";
import { db } from "../db";
import { GENESIS_HASH } from "./chain";
import { recordAudit } from "./record";
import { sealAuditBacklog } from "./seal";
import { verifyAuditChain } from "./verify";

/** An event as the code before the chain wrote it: no prevHash, no hash. */
const legacyEvent = (i: number) =>
  db.auditEvent.create({
    data: { type: "login.succeeded", userId: `legacy-${i}`, ip: "192.0.2.9", userAgent: "old", data: { i } },
  });

describe("sealing the audit backlog (npm run db:migrate)", () => {
  it("chains the events written before the chain existed, in seq order, once", async () => {
    for (let i = 0; i < 12; i += 1) await legacyEvent(i);
    const [first] = await db.auditEvent.findMany({ orderBy: { seq: "asc" }, take: 1 });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, broken: { seq: first!.seq, problem: "missing_hash" } });

    // Batches smaller than the backlog: the chain runs on across them.
    expect(await sealAuditBacklog(db, 5)).toEqual({ sealed: 12, stranded: 0 });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 12 });
    expect((await db.auditEvent.findFirstOrThrow({ where: { seq: first!.seq } })).prevHash).toBe(GENESIS_HASH);

    const before = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(await sealAuditBacklog(db)).toEqual({ sealed: 0, stranded: 0 });
    expect(await db.auditEvent.findMany({ orderBy: { seq: "asc" } })).toEqual(before);
  });

  it("new events chain on from the sealed backlog", async () => {
    await recordAudit("logout", { userId: "after-seal" });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 13 });
  });

  it("chains unhashed events after the head, and leaves one stranded inside the chain for verify to report", async () => {
    const tail = await legacyEvent(100);
    expect(await sealAuditBacklog(db)).toEqual({ sealed: 1, stranded: 0 });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 14 });

    // Written outside the chain, then passed by an append: chaining it now would rewrite history.
    const stranded = await legacyEvent(101);
    await recordAudit("logout", { userId: "past-the-stranded" });
    expect(await sealAuditBacklog(db)).toEqual({ sealed: 0, stranded: 1 });
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      count: 14,
      broken: { seq: stranded.seq, id: stranded.id, problem: "missing_hash" },
    });
    expect(tail.seq).toBeLessThan(stranded.seq);
  });
});
