import { db, SessionKind } from "../../db";
import { logger } from "../../log";
import { redis } from "../../redis";
import { retryWithBackoff } from "../../util/retry";
import { sha256 } from "../tokens";

/**
 * The hot-path view of the session registry. PostgreSQL's Session table is the truth; Redis
 * holds, per session, either its live record or a "revoked" tombstone, so checking a cookie costs
 * one Redis GET (shared by every instance, so a revocation is seen by all of them on the very
 * next request). A Redis miss reads PostgreSQL and repopulates; an unreachable Redis falls back
 * to PostgreSQL for as long as it is down.
 */
export type SessionRecord = {
  /** Session row id (the public id in /api/v1/auth/sessions). */
  id: string;
  userId: string;
  /** Idle expiry, ms since epoch. */
  exp: number;
  /** Absolute expiry, ms since epoch. */
  aexp: number;
  /** Last time activity was written to the row, ms since epoch. */
  seen: number;
  /** Last time the person proved who they are in this session (sign-in or re-authentication), ms since epoch. */
  auth: number;
  /** Set on a third-party client's token family; absent on a browser session. */
  kind?: "api";
};

const REVOKED = "revoked";
/** Live records are re-read from PostgreSQL at least this often (bounds staleness if a tombstone write was lost). */
const RECORD_TTL_SECONDS = 3600;
/** Unknown sessions are remembered as revoked for this long, so replaying a dead cookie never hammers the database. */
const UNKNOWN_TTL_SECONDS = 3600;

const key = (tokenHash: string) => `session:${tokenHash}`;

// Writes a record unless the key holds a tombstone: a lookup racing a revocation can never
// resurrect the session it read a moment before the row was deleted.
const SET_UNLESS_REVOKED = `if redis.call('GET', KEYS[1]) == ARGV[3] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1`;

function ttlSeconds(record: SessionRecord, now = Date.now()): number {
  return Math.max(1, Math.min(RECORD_TTL_SECONDS, Math.ceil((Math.min(record.exp, record.aexp) - now) / 1000)));
}

export function sessionTokenHash(sid: string): string {
  return sha256(sid);
}

/**
 * The registry key of a token family. Access tokens carry the family id in signed claims, so the
 * key needs no secret of its own; the prefix keeps it apart from every browser session's key.
 */
export function familyTokenHash(familyId: string): string {
  return sha256(`api-family:${familyId}`);
}

export async function cacheSessionRecord(tokenHash: string, record: SessionRecord): Promise<void> {
  try {
    await redis.eval(SET_UNLESS_REVOKED, 1, key(tokenHash), JSON.stringify(record), ttlSeconds(record), REVOKED);
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "session cache write failed");
  }
}

function rowToRecord(row: {
  id: string;
  userId: string;
  kind: SessionKind;
  expires: Date;
  absoluteExpires: Date;
  lastSeenAt: Date;
  authenticatedAt: Date;
}): SessionRecord {
  return {
    id: row.id,
    userId: row.userId,
    exp: row.expires.getTime(),
    aexp: row.absoluteExpires.getTime(),
    seen: row.lastSeenAt.getTime(),
    auth: row.authenticatedAt.getTime(),
    ...(row.kind === SessionKind.API ? { kind: "api" as const } : {}),
  };
}

/**
 * The live session keyed by `tokenHash` (`sessionTokenHash(sid)` of the cookie's session id), or
 * null when revoked, unknown or expired. Takes the hash so that a request computes it once for
 * both the lookup and the activity write.
 */
export async function lookupSession(tokenHash: string): Promise<SessionRecord | null> {
  let record: SessionRecord | null = null;
  let redisUp = true;
  try {
    const raw = await redis.get(key(tokenHash));
    if (raw === REVOKED) return null;
    if (raw) record = JSON.parse(raw) as SessionRecord;
  } catch (error) {
    redisUp = false;
    logger.warn({ err: (error as Error).message }, "session cache unavailable: checking the session in the database");
  }
  if (!record) {
    const row = await db.session.findUnique({
      where: { sessionToken: tokenHash },
      select: {
        id: true,
        userId: true,
        kind: true,
        expires: true,
        absoluteExpires: true,
        lastSeenAt: true,
        authenticatedAt: true,
      },
    });
    if (!row) {
      if (redisUp) await redis.set(key(tokenHash), REVOKED, "EX", UNKNOWN_TTL_SECONDS).catch(() => undefined);
      return null;
    }
    record = rowToRecord(row);
    if (redisUp) await cacheSessionRecord(tokenHash, record);
  }
  const now = Date.now();
  return record.exp > now && record.aexp > now ? record : null;
}

/**
 * Writes tombstones for revoked sessions. Called after the rows are deleted; when Redis is down
 * the write is retried in the background (the database fallback already refuses the session
 * while Redis is unreachable).
 */
export async function tombstoneSessions(
  sessions: Array<{ sessionToken: string; absoluteExpires: Date }>,
): Promise<void> {
  if (sessions.length === 0) return;
  const write = async () => {
    const tx = redis.multi();
    for (const s of sessions) {
      const ttl = Math.max(1, Math.ceil((s.absoluteExpires.getTime() - Date.now()) / 1000));
      tx.set(key(s.sessionToken), REVOKED, "EX", ttl);
    }
    const results = await tx.exec();
    const failed = results?.find(([error]) => error !== null);
    // Stryker disable next-line OptionalChaining,StringLiteral: either error is only retried and logged
    if (!results || failed) throw failed?.[0] ?? new Error("session tombstone transaction aborted");
  };
  try {
    await write();
  } catch (error) {
    logger.warn(
      { err: (error as Error).message },
      "session revocation not yet in the cache: retrying in the background",
    );
    void retryWithBackoff(write, { maxAttempts: 12, initialDelayMs: 500 }).catch((finalError: Error) =>
      logger.error({ err: finalError.message }, "session revocation could not be written to the cache"),
    );
  }
}
