import { db, type AuditEventModel, type Db } from "../db";
import { canonicalEvent, chainHash, GENESIS_HASH } from "./chain";

export type ChainProblem = "missing_hash" | "prev_hash_mismatch" | "hash_mismatch";

export type ChainBreak = {
  seq: bigint;
  id: string;
  problem: ChainProblem;
  /** What was expected and what was found, in words. */
  detail: string;
};

export type VerifyResult =
  | { ok: true; count: number; head: { seq: bigint; id: string; hash: string } | null }
  /** `count`: the events before the break, which did verify. */
  | { ok: false; count: number; broken: ChainBreak };

const VERIFY_BATCH = 1000;

/**
 * Walks the whole chain in seq order, `batchSize` events at a time (memory stays bounded), and
 * stops at the first broken link: an event without a hash, one whose prevHash is not the previous
 * event's hash (an event deleted or inserted before it, or the chain forked), or one whose hash
 * does not match its fields (edited). An intact chain returns its head, the value to anchor
 * outside the database: removing events from the end is only detectable against such an anchor.
 */
export async function verifyAuditChain(client: Db = db, batchSize = VERIFY_BATCH): Promise<VerifyResult> {
  let expectedPrev = GENESIS_HASH;
  let head: { seq: bigint; id: string; hash: string } | null = null;
  let count = 0;
  for (;;) {
    const rows: AuditEventModel[] = await client.auditEvent.findMany({
      where: head ? { seq: { gt: head.seq } } : {},
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    if (rows.length === 0) return { ok: true, count, head };
    for (const row of rows) {
      const broken = (problem: ChainProblem, detail: string): VerifyResult => ({
        ok: false,
        count,
        broken: { seq: row.seq, id: row.id, problem, detail },
      });
      if (row.hash === null) return broken("missing_hash", "the event has no hash: it is not part of the chain");
      if (row.prevHash !== expectedPrev) {
        return broken(
          "prev_hash_mismatch",
          `prevHash ${row.prevHash ?? "null"} does not match the previous event's hash ${expectedPrev}` +
            (count === 0 ? " (the genesis value)" : ""),
        );
      }
      const computed = chainHash(expectedPrev, canonicalEvent(row));
      if (row.hash !== computed) {
        return broken("hash_mismatch", `stored hash ${row.hash} does not match the event's contents (${computed})`);
      }
      expectedPrev = row.hash;
      head = { seq: row.seq, id: row.id, hash: row.hash };
      count += 1;
    }
  }
}

/** One line for people: what the verifier found. */
export function describeVerifyResult(result: VerifyResult): string {
  if (result.ok) return `Audit chain intact: ${result.count} events`;
  const { seq, id, problem, detail } = result.broken;
  const what = { missing_hash: "missing hash", prev_hash_mismatch: "broken link", hash_mismatch: "hash mismatch" };
  return `Audit chain broken at seq ${seq} (id ${id}): ${what[problem]}: ${detail}`;
}
