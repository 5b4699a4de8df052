import { db, SessionKind, type Prisma } from "../../db";
import { AppError } from "../../errors";
import { config } from "../../config";
import { newOpaqueToken } from "../tokens";
import { cookieOptions, decodeSessionToken, encodeSessionToken, SESSION_COOKIE_NAME } from "./cookie";
import type { SessionSummary } from "../../validation/responses";
import type { RequestMeta } from "./meta";
import { cacheSessionRecord, sessionTokenHash, tombstoneSessions, type SessionRecord } from "./store";

export type SessionCookie = { name: string; value: string; options: ReturnType<typeof cookieOptions> };

/** Cookie lifetime: the idle timeout, never past the absolute expiry. */
export function cookieExpiry(absoluteExpires: Date, now = Date.now()): Date {
  return new Date(Math.min(now + config.auth.sessionIdleSeconds * 1000, absoluteExpires.getTime()));
}

/** Encrypts a session cookie for `sid` that expires at `expires` (idle) and never outlives `absoluteExpires`. */
export async function buildSessionCookie(
  userId: string,
  sid: string,
  expires: Date,
  absoluteExpires: Date,
): Promise<SessionCookie> {
  const maxAge = Math.max(1, Math.floor((expires.getTime() - Date.now()) / 1000));
  const value = await encodeSessionToken(
    { sub: userId, sid, aexp: Math.floor(absoluteExpires.getTime() / 1000) },
    maxAge,
  );
  return { name: SESSION_COOKIE_NAME, value, options: cookieOptions(expires) };
}

/** A cookie that deletes the session cookie in the browser. */
export function clearedSessionCookie(): SessionCookie {
  return {
    name: SESSION_COOKIE_NAME,
    value: "",
    options: { ...cookieOptions(new Date(0)), maxAge: 0 } as ReturnType<typeof cookieOptions>,
  };
}

/**
 * Inserts a row of the registry and caches its record: a browser session, or with `family` a
 * third-party client's token family with its first refresh token (../api-tokens/families.ts).
 * Both live at most SESSION_ABSOLUTE_DAYS; `idleExpiry` gives the first idle expiry.
 */
export async function insertRegistryRow(input: {
  tokenHash: string;
  userId: string;
  meta: RequestMeta;
  idleExpiry: (absoluteExpires: Date, now: number) => Date;
  family?: { id: string; refreshTokenHash: string };
}): Promise<{ id: string; expires: Date; absoluteExpires: Date }> {
  const { tokenHash, userId, meta, family } = input;
  const now = Date.now();
  const absoluteExpires = new Date(now + config.auth.sessionAbsoluteSeconds * 1000);
  const expires = input.idleExpiry(absoluteExpires, now);
  const row = await db.session.create({
    data: {
      ...(family && {
        id: family.id,
        kind: SessionKind.API,
        refreshTokens: { create: { userId, tokenHash: family.refreshTokenHash, expiresAt: expires } },
      }),
      sessionToken: tokenHash,
      userId,
      expires,
      absoluteExpires,
      ip: meta.ip,
      userAgent: meta.userAgent,
      lastSeenAt: new Date(now),
      authenticatedAt: new Date(now),
    },
    select: { id: true },
  });
  await cacheSessionRecord(tokenHash, {
    id: row.id,
    userId,
    exp: expires.getTime(),
    aexp: absoluteExpires.getTime(),
    seen: now,
    auth: now,
    ...(family && { kind: "api" as const }),
  });
  return { id: row.id, expires, absoluteExpires };
}

/**
 * Registers a new session: a fresh random id on every sign-in (no fixation), its row in the
 * registry and its cache record. Returns the secret `sid` the cookie must carry.
 */
export async function registerSession(
  userId: string,
  meta: RequestMeta,
): Promise<{ sessionId: string; sid: string; expires: Date; absoluteExpires: Date }> {
  const sid = newOpaqueToken();
  const row = await insertRegistryRow({ tokenHash: sessionTokenHash(sid), userId, meta, idleExpiry: cookieExpiry });
  return { sessionId: row.id, sid, expires: row.expires, absoluteExpires: row.absoluteExpires };
}

/** Starts a new session and builds the cookie that carries it. */
export async function createSession(
  userId: string,
  meta: RequestMeta,
): Promise<{ sessionId: string; cookie: SessionCookie }> {
  const { sessionId, sid, expires, absoluteExpires } = await registerSession(userId, meta);
  return { sessionId, cookie: await buildSessionCookie(userId, sid, expires, absoluteExpires) };
}

type SessionWriter = Pick<Prisma.TransactionClient, "session">;

/**
 * Deletes the matching rows and tombstones them in the cache. Returns how many were revoked.
 * Inside a transaction (`tx`) the tombstones are written before the commit: should it roll back,
 * those sessions are signed out anyway, which errs on the safe side.
 */
async function revokeWhere(where: Prisma.SessionWhereInput, tx: SessionWriter = db): Promise<number> {
  const rows = await tx.session.findMany({ where, select: { id: true, sessionToken: true, absoluteExpires: true } });
  if (rows.length === 0) return 0;
  await tx.session.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  await tombstoneSessions(rows);
  return rows.length;
}

/**
 * The user's live sessions and token families, newest activity first; `current` marks the
 * caller's own.
 */
export async function listSessions(userId: string, currentSessionId: string | null): Promise<SessionSummary[]> {
  const now = new Date();
  const rows = await db.session.findMany({
    where: { userId, expires: { gt: now }, absoluteExpires: { gt: now } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, kind: true, createdAt: true, lastSeenAt: true, userAgent: true, ip: true },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind === SessionKind.API ? "api" : "browser",
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    userAgent: r.userAgent,
    ip: r.ip,
    current: r.id === currentSessionId,
  }));
}

/** Revokes one of the user's sessions or token families; false when it is not theirs (or does not exist). */
export async function endSession(userId: string, sessionId: string): Promise<boolean> {
  return (await revokeWhere({ id: sessionId, userId })) > 0;
}

/** Revokes one of the user's sessions or token families; 404 when it is not theirs (or does not exist). */
export async function revokeSession(userId: string, sessionId: string): Promise<void> {
  if (!(await endSession(userId, sessionId))) throw new AppError("not_found", "No such session.");
}

/** "Sign out everywhere else": every session of the user except `currentSessionId`. */
export async function revokeOtherSessions(
  userId: string,
  currentSessionId: string,
  tx: SessionWriter = db,
): Promise<number> {
  return revokeWhere({ userId, id: { not: currentSessionId } }, tx);
}

/** Every session of the user (password reset, account disabled or deleted). */
export async function revokeAllSessions(userId: string, tx: SessionWriter = db): Promise<number> {
  return revokeWhere({ userId }, tx);
}

/** Logout: revokes this session. Idempotent. */
export async function signOut(sessionId: string): Promise<void> {
  await revokeWhere({ id: sessionId });
}

/** Revokes the session a cookie's `sid` belongs to (Auth.js sign-out). Idempotent. */
export async function revokeSessionBySid(sid: string): Promise<void> {
  await revokeWhere({ sessionToken: sessionTokenHash(sid) });
}

/**
 * A new sign-in from a browser replaces the session its cookie carried (re-login, Auth.js
 * sign-in): that row is revoked rather than left alive and orphaned. With `userId`, only when the
 * cookie belongs to that user. No registry lookup first: revoking an already dead session is a
 * no-op. Idempotent.
 */
export async function revokeReplacedSession(cookieValue: string | null | undefined, userId?: string): Promise<void> {
  const claims = await decodeSessionToken(cookieValue);
  if (claims && (userId === undefined || claims.sub === userId)) await revokeSessionBySid(claims.sid);
}

/**
 * Records activity: moves a browser session's idle expiry forward (never past the absolute one;
 * a token family's expiry moves with its refresh tokens instead). `tokenHash` keys the cache record.
 */
export async function touchSession(tokenHash: string, record: SessionRecord): Promise<{ expires: Date } | null> {
  const now = Date.now();
  const expires = record.kind === "api" ? new Date(record.exp) : cookieExpiry(new Date(record.aexp), now);
  const updated = await db.session.updateMany({
    where: { id: record.id },
    data: { lastSeenAt: new Date(now), expires },
  });
  if (updated.count === 0) return null;
  await cacheSessionRecord(tokenHash, { ...record, exp: expires.getTime(), seen: now });
  return { expires };
}
