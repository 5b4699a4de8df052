import { randomUUID } from "node:crypto";
import { db } from "../../db";
import { AppError } from "../../errors";
import { recordAudit } from "../audit";
import type { RequestMeta } from "../session/meta";
import { endSession, insertRegistryRow, signOut } from "../session/registry";
import { cacheSessionRecord, familyTokenHash, type SessionRecord } from "../session/store";
import { newOpaqueToken, sha256 } from "../tokens";
import { ACCESS_TOKEN_TTL_SECONDS, decodeAccessToken, issueAccessToken } from "./access-token";
import type { TokenResponse } from "../../validation/responses";

/**
 * Token families: one per sign-in of a third-party client (password grant), stored as an API row
 * of the session registry so that everything that ends sessions (revocation, logout, a password
 * change or reset, a disabled user) ends families the same way, on every instance at once.
 * Each refresh uses up its refresh token and returns a new one (rotation); presenting a used one
 * again means two parties hold the family (a stolen token), so the whole family is revoked.
 */
export const REFRESH_TOKEN_TTL_SECONDS = 15 * 86_400;

/** Refresh tokens are 43 characters (256 bits, base64url); anything much longer is not one. */
export const MAX_REFRESH_TOKEN_LENGTH = 512;

const invalidGrant = (detail: string) => new AppError("invalid_grant", detail);

/** A refresh token expires after 15 days, never after its family's absolute expiry. */
function refreshExpiry(absoluteExpires: Date, now: number): Date {
  return new Date(Math.min(now + REFRESH_TOKEN_TTL_SECONDS * 1000, absoluteExpires.getTime()));
}

async function tokenResponse(userId: string, familyId: string, refreshToken: string): Promise<TokenResponse> {
  return {
    access_token: await issueAccessToken(userId, familyId),
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    refresh_token: refreshToken,
  };
}

/**
 * Starts a token family for a user who just signed in: its registry row (lifetime as a browser
 * session's: SESSION_ABSOLUTE_DAYS), its first refresh token (only the hash is stored) and an
 * access token.
 */
export async function startTokenFamily(
  userId: string,
  meta: RequestMeta,
): Promise<{ familyId: string; tokens: TokenResponse }> {
  const familyId = randomUUID();
  const refreshToken = newOpaqueToken();
  await insertRegistryRow({
    tokenHash: familyTokenHash(familyId),
    userId,
    meta,
    idleExpiry: refreshExpiry,
    family: { id: familyId, refreshTokenHash: sha256(refreshToken) },
  });
  return { familyId, tokens: await tokenResponse(userId, familyId, refreshToken) };
}

type LockedFamily = { sessionToken: string; absoluteExpires: Date; authenticatedAt: Date };
type Rotation =
  | { outcome: "rotated"; refreshToken: string; record: SessionRecord; tokenHash: string }
  | { outcome: "reused" }
  | { outcome: "invalid" };

/**
 * Exchanges a refresh token for a new access token and a new refresh token (the presented one is
 * used up). Unknown, expired and revoked tokens, and tokens of a user who may no longer sign in,
 * are `invalid_grant`. A token that was already used revokes its whole family (reuse detection),
 * and is `invalid_grant` too. Of concurrent refreshes with one token exactly one succeeds: they
 * queue on the family's row, and the others then find the token used.
 */
export async function rotateRefreshToken(
  refreshToken: string,
  meta: RequestMeta,
): Promise<{ userId: string; familyId: string; tokens: TokenResponse }> {
  const tokenHash = sha256(refreshToken);
  const presented = await db.refreshToken.findUnique({
    where: { tokenHash },
    select: { familyId: true, userId: true },
  });
  if (!presented) throw invalidGrant("The refresh token is invalid, expired or revoked.");
  const { familyId, userId } = presented;
  const rotation = await db.$transaction(async (tx): Promise<Rotation> => {
    const now = new Date();
    // The family's row is locked before its token, the order in which revoking it (a delete that
    // cascades to the tokens) takes them, so a refresh racing a revocation waits rather than deadlocks.
    const [family] = await tx.$queryRaw<LockedFamily[]>`
      SELECT s."sessionToken", s."absoluteExpires", s."authenticatedAt"
      FROM "Session" s JOIN "User" u ON u."id" = s."userId"
      WHERE s."id" = ${familyId} AND s."kind" = 'API' AND s."absoluteExpires" > ${now}
        AND u."isActive" AND u."disabledAt" IS NULL
      FOR UPDATE OF s`;
    if (!family) return { outcome: "invalid" };
    const claimed = await tx.$executeRaw`
      UPDATE "RefreshToken" SET "usedAt" = ${now}
      WHERE "tokenHash" = ${tokenHash} AND "usedAt" IS NULL AND "expiresAt" > ${now}`;
    if (claimed === 0) {
      const row = await tx.refreshToken.findUnique({ where: { tokenHash }, select: { usedAt: true } });
      return row?.usedAt ? { outcome: "reused" } : { outcome: "invalid" };
    }
    const next = newOpaqueToken();
    const expires = refreshExpiry(family.absoluteExpires, now.getTime());
    await tx.refreshToken.create({ data: { userId, familyId, tokenHash: sha256(next), expiresAt: expires } });
    await tx.session.update({ where: { id: familyId }, data: { expires, lastSeenAt: now } });
    const record: SessionRecord = {
      id: familyId,
      userId,
      exp: expires.getTime(),
      aexp: family.absoluteExpires.getTime(),
      seen: now.getTime(),
      auth: family.authenticatedAt.getTime(),
      kind: "api",
    };
    return { outcome: "rotated", refreshToken: next, record, tokenHash: family.sessionToken };
  });
  if (rotation.outcome === "reused") {
    await signOut(familyId);
    await recordAudit("token.reuse_detected", { userId, meta, data: { familyId } });
    throw invalidGrant("The refresh token was already used: every token of this sign-in has been revoked.");
  }
  if (rotation.outcome === "invalid") throw invalidGrant("The refresh token is invalid, expired or revoked.");
  await cacheSessionRecord(rotation.tokenHash, rotation.record);
  return { userId, familyId, tokens: await tokenResponse(userId, familyId, rotation.refreshToken) };
}

/**
 * RFC 7009 revocation: a refresh token, or an access token, ends its whole family. Anything else
 * (unknown, expired, already revoked, not a token of ours) is ignored, as the RFC asks: the
 * answer never tells whether a token was valid.
 */
export async function revokeToken(token: string, meta: RequestMeta): Promise<void> {
  let family: { familyId: string; userId: string } | null = null;
  if (token.length <= MAX_REFRESH_TOKEN_LENGTH) {
    family = await db.refreshToken.findUnique({
      where: { tokenHash: sha256(token) },
      select: { familyId: true, userId: true },
    });
  }
  if (!family) {
    const claims = await decodeAccessToken(token);
    if (claims) family = { familyId: claims.fid, userId: claims.sub };
  }
  if (family && (await endSession(family.userId, family.familyId))) {
    await recordAudit("token.revoked", { userId: family.userId, meta, data: { familyId: family.familyId } });
  }
}
