import { db, type Db } from "../db";
import { canonicalEvent, chainHash, GENESIS_HASH } from "./chain";

export type SealResult = {
  /** Events chained by this run (0 when there was nothing to do). */
  sealed: number;
  /**
   * Events without a hash that sit before the chain's head (written by something other than
   * append_audit_event after the chain existed): chaining them would mean rewriting every hash
   * after them, so they stay as they are and `npm run audit:verify` reports them.
   */
  stranded: number;
};

const SEAL_BATCH = 500;
/** A backlog of millions of events takes minutes; the lock is held throughout. */
const SEAL_TIMEOUT_MS = 60 * 60_000;

/**
 * Chains the events that have no hash yet and come after the chain's head, in seq order (the
 * events written before the chain existed, on the first run), under the chain's lock so no
 * append interleaves. Idempotent: a second run finds nothing to seal. Run by `npm run db:migrate`.
 */
export async function sealAuditBacklog(client: Db = db, batchSize = SEAL_BATCH): Promise<SealResult> {
  return client.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT lock_audit_chain()`;
      const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
        SELECT "seq", "hash" FROM "AuditEvent" WHERE "hash" IS NOT NULL ORDER BY "seq" DESC LIMIT 1`;
      const stranded = head ? await tx.auditEvent.count({ where: { hash: null, seq: { lt: head.seq } } }) : 0;

      let prevHash = head?.hash ?? GENESIS_HASH;
      let cursor = head?.seq ?? 0n;
      let sealed = 0;
      for (;;) {
        const rows = await tx.auditEvent.findMany({
          where: { seq: { gt: cursor } },
          orderBy: { seq: "asc" },
          take: batchSize,
          select: {
            id: true,
            seq: true,
            createdAt: true,
            type: true,
            actorId: true,
            userId: true,
            ip: true,
            userAgent: true,
            data: true,
          },
        });
        if (rows.length === 0) break;
        const ids: string[] = [];
        const prevs: string[] = [];
        const hashes: string[] = [];
        for (const row of rows) {
          const hash = chainHash(prevHash, canonicalEvent(row));
          ids.push(row.id);
          prevs.push(prevHash);
          hashes.push(hash);
          prevHash = hash;
        }
        await tx.$executeRaw`
          UPDATE "AuditEvent" AS e SET "prevHash" = v.prev, "hash" = v.hash
          FROM unnest(${ids}::text[], ${prevs}::text[], ${hashes}::text[]) AS v(id, prev, hash)
          WHERE e."id" = v.id`;
        sealed += rows.length;
        cursor = rows.at(-1)!.seq;
      }
      return { sealed, stranded };
    },
    { timeout: SEAL_TIMEOUT_MS, maxWait: 60_000 },
  );
}
