import { describe, expect, it } from "vitest";
import { db } from "../db";
import { batchedLedger, directLedger } from "./ledger";

describe("message ledger", () => {
  it("answers concurrent lookups and records from shared batches, each caller getting its own answer", async () => {
    const ledger = batchedLedger(db, 5, 10);
    await directLedger(db).recordProcessed("seen-1", "r");
    const ids = Array.from({ length: 25 }, (_, i) => (i % 5 === 0 ? "seen-1" : `new-${i}`));
    const answers = await Promise.all(ids.map((id) => ledger.wasProcessed(id)));
    expect(answers).toEqual(ids.map((id) => id === "seen-1"));

    await Promise.all(["a", "b", "a", "c"].map((id) => ledger.recordProcessed(`rec-${id}`, `result-${id}`)));
    const rows = await db.processedMessage.findMany({
      where: { messageId: { startsWith: "rec-" } },
      orderBy: { messageId: "asc" },
    });
    expect(rows.map((r) => [r.messageId, r.result])).toEqual([
      ["rec-a", "result-a"],
      ["rec-b", "result-b"],
      ["rec-c", "result-c"],
    ]);
    expect(await ledger.wasProcessed("rec-b")).toBe(true);
  });
});
