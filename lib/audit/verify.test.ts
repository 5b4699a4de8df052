import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { appendAuditEvent } from "./append";
import { GENESIS_HASH } from "./chain";
import { recordAudit } from "./record";
import { verifyAuditChain } from "./verify";

const META = { ip: "192.0.2.44", userAgent: "chain-test" };

/** Undo steps for the tampering below: every test leaves an intact chain for the next one. */
const restores: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (restores.length) await restores.pop()!();
  expect(await verifyAuditChain()).toMatchObject({ ok: true });
});

async function appendSome(count: number, prefix = "chain") {
  const events = [];
  for (let i = 0; i < count; i += 1) {
    events.push(
      await appendAuditEvent({ type: "logout", userId: `${prefix}-${i}`, actorId: null, ip: "", userAgent: "" }),
    );
  }
  return events;
}

/** Deletes an event; the next restore puts it back exactly as it was (seq, hashes and all). */
async function deleteUntilRestored(id: string) {
  const [row] = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "AuditEvent" WHERE "id" = ${id}`;
  await db.auditEvent.delete({ where: { id } });
  restores.push(
    () => db.$executeRaw`
      INSERT INTO "AuditEvent" ("id", "seq", "type", "userId", "actorId", "ip", "userAgent", "data", "createdAt",
        "prevHash", "hash")
      VALUES (${row!.id}, ${row!.seq}, ${row!.type}, ${row!.userId}, ${row!.actorId}, ${row!.ip}, ${row!.userAgent},
        ${row!.data === null ? null : JSON.stringify(row!.data)}::jsonb, ${row!.createdAt}::timestamp(3),
        ${row!.prevHash}, ${row!.hash})`,
  );
}

async function expectBrokenAt(seq: bigint, problem: string) {
  const result = await verifyAuditChain();
  expect(result).toMatchObject({ ok: false, broken: { seq, problem } });
  return result;
}

describe("appending to the audit chain", () => {
  it("starts from the genesis value and links every event to the one before it", async () => {
    const [first, second] = await appendSome(2, "first");
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(second!.prevHash).toBe(first!.hash);
    expect(second!.seq).toBeGreaterThan(first!.seq);
    const stored = await db.auditEvent.findUniqueOrThrow({ where: { id: second!.id } });
    expect(stored).toMatchObject({ prevHash: first!.hash, hash: second!.hash, seq: second!.seq });
    expect(stored.createdAt.getTime()).toBe(second!.createdAt.getTime());
  });

  it("keeps one unbroken chain under 50 concurrent writers", async () => {
    const before = await db.auditEvent.count();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => recordAudit("login.succeeded", { userId: `parallel-${i}`, meta: META })),
    );
    const result = await verifyAuditChain();
    expect(result).toMatchObject({ ok: true, count: before + 50 });
    const rows = await db.auditEvent.findMany({ select: { prevHash: true } });
    // No two events claim the same predecessor: the chain did not fork.
    expect(new Set(rows.map((row) => row.prevHash)).size).toBe(rows.length);
  });

  it("hashes what the database gives back: unicode, odd numbers, dates and dropped members round-trip", async () => {
    await recordAudit("profile.updated", {
      userId: "unicode-user",
      meta: { ip: "2001:db8::1", userAgent: "Zoë’s browser 🦊 / ünïcode" },
      data: {
        name: 'Łukasz 😀 "quoted" \\ back',
        numbers: [0.1, 1e21, -0, 5e-7, 2 ** 53],
        when: new Date("2026-01-02T03:04:05.678Z") as unknown as string,
        dropped: undefined as unknown as string,
        nested: { z: [1, { y: null }], a: true },
      },
    });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("walks the chain in batches and reports its head", async () => {
    const total = await db.auditEvent.count();
    const head = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const result = await verifyAuditChain(db, 7);
    expect(result).toEqual({ ok: true, count: total, head: { seq: head.seq, id: head.id, hash: head.hash } });
  });

  it("an event recorded in a rolled-back transaction leaves the chain intact, even with a writer waiting", async () => {
    const headBefore = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    let waiting: Promise<void> | undefined;
    await expect(
      db.$transaction(async (tx) => {
        await recordAudit("password.changed", { userId: "rolled-back", meta: META }, tx);
        // This writer queues on the chain's lock until the transaction ends.
        waiting = recordAudit("logout", { userId: "after-rollback", meta: META });
        await new Promise((resolve) => setTimeout(resolve, 100));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await waiting;
    expect(await db.auditEvent.count({ where: { userId: "rolled-back" } })).toBe(0);
    const after = await db.auditEvent.findFirstOrThrow({ where: { userId: "after-rollback" } });
    expect(after.prevHash).toBe(headBefore.hash);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("refuses to append under REPEATABLE READ or SERIALIZABLE, where a stale snapshot could fork the chain", async () => {
    for (const isolationLevel of ["RepeatableRead", "Serializable"] as const) {
      await expect(
        db.$transaction((tx) => recordAudit("logout", { userId: "isolated" }, tx), { isolationLevel }),
      ).rejects.toThrow(/READ COMMITTED/);
    }
    expect(await db.auditEvent.count({ where: { userId: "isolated" } })).toBe(0);
  });
});

describe("verifying the audit chain", () => {
  it("catches a row edited in SQL at its seq", async () => {
    const [, target] = await appendSome(3, "edited");
    await db.$executeRaw`UPDATE "AuditEvent" SET "data" = '{"forged":true}'::jsonb WHERE "id" = ${target!.id}`;
    restores.push(() => db.$executeRaw`UPDATE "AuditEvent" SET "data" = NULL WHERE "id" = ${target!.id}`);
    const result = await expectBrokenAt(target!.seq, "hash_mismatch");
    expect(result).toMatchObject({ broken: { id: target!.id } });
  });

  it("catches an edit of any hashed column, the time and the actor included", async () => {
    const [target] = await appendSome(1, "retimed");
    await db.$executeRaw`UPDATE "AuditEvent" SET "createdAt" = "createdAt" - interval '1 second' WHERE "id" = ${target!.id}`;
    restores.push(
      () => db.$executeRaw`UPDATE "AuditEvent" SET "createdAt" = ${target!.createdAt} WHERE "id" = ${target!.id}`,
    );
    await expectBrokenAt(target!.seq, "hash_mismatch");
    await restores.pop()!();
    await db.$executeRaw`UPDATE "AuditEvent" SET "actorId" = 'someone-else' WHERE "id" = ${target!.id}`;
    restores.push(() => db.$executeRaw`UPDATE "AuditEvent" SET "actorId" = NULL WHERE "id" = ${target!.id}`);
    await expectBrokenAt(target!.seq, "hash_mismatch");
  });

  it("catches an edit that recomputes the row's own hash: the next event no longer links to it", async () => {
    const [target, next] = await appendSome(2, "rehashed");
    const original = await db.auditEvent.findUniqueOrThrow({ where: { id: target!.id } });
    await db.$executeRaw`UPDATE "AuditEvent" SET "hash" = ${"a".repeat(64)} WHERE "id" = ${target!.id}`;
    restores.push(() => db.$executeRaw`UPDATE "AuditEvent" SET "hash" = ${original.hash} WHERE "id" = ${target!.id}`);
    // The forged hash no longer matches the row's contents; had the forger made it match, the
    // next event's prevHash would still name the original.
    await expectBrokenAt(target!.seq, "hash_mismatch");
    expect(next!.prevHash).toBe(original.hash);
  });

  it("catches a deleted row at the event after it", async () => {
    const [, deleted, after] = await appendSome(3, "deleted");
    await deleteUntilRestored(deleted!.id);
    const result = await expectBrokenAt(after!.seq, "prev_hash_mismatch");
    expect(result).toMatchObject({ broken: { id: after!.id } });
  });

  it("catches a deleted first event: the new first one does not start from the genesis value", async () => {
    const [first, second] = await db.auditEvent.findMany({ orderBy: { seq: "asc" }, take: 2 });
    await deleteUntilRestored(first!.id);
    const result = await expectBrokenAt(second!.seq, "prev_hash_mismatch");
    expect(result).toMatchObject({ broken: { detail: expect.stringContaining("genesis") } });
  });

  it("catches a hash set to null", async () => {
    const [target] = await appendSome(1, "nulled");
    await db.$executeRaw`UPDATE "AuditEvent" SET "hash" = NULL WHERE "id" = ${target!.id}`;
    restores.push(() => db.$executeRaw`UPDATE "AuditEvent" SET "hash" = ${target!.hash} WHERE "id" = ${target!.id}`);
    await expectBrokenAt(target!.seq, "missing_hash");
  });

  it("catches an event inserted without going through the chain", async () => {
    const outsider = await db.auditEvent.create({ data: { type: "logout", userId: "outsider" } });
    restores.push(() => db.auditEvent.delete({ where: { id: outsider.id } }));
    await expectBrokenAt(outsider.seq, "missing_hash");
  });
});
