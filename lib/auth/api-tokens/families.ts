import { randomUUID } from "node:crypto";
import { db } from "../../db";
import { AppError } from "../../errors";
import { recordAudit } from "../../audit";
import type { RequestMeta } from "../session/meta";
import { endSession, insertRegistryRow, signOut } from "../session/registry";
import { cacheSessionRecord, familyTokenHash } from "../session/store";
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

type Rotation = {
  outcome: "rotated" | "reused" | "invalid";
  family_id: string | null;
  user_id: string | null;
  session_token: string | null;
  expires: Date | null;
  absolute_expires: Date | null;
  authenticated_at: Date | null;
};

/**
 * Exchanges a refresh token for a new access token and a new refresh token (the presented one is
 * used up). Unknown, expired and revoked tokens, and tokens of a user who may no longer sign in,
 * are `invalid_grant`. A token that was already used revokes its whole family (reuse detection),
 * and is `invalid_grant` too. Of concurrent refreshes with one token exactly one succeeds: they
 * queue on the family's row, and the others then find the token used. The steps run in the
 * database in one round trip (`rotate_refresh_token`, prisma/migrations/…_rotate_refresh_token),
 * in one transaction and in the lock order that cannot deadlock with a revocation.
 */
export async function rotateRefreshToken(
  refreshToken: string,
  meta: RequestMeta,
): Promise<{ userId: string; familyId: string; tokens: TokenResponse }> {
  const next = newOpaqueToken();
  const now = new Date();
  const [rotation] = await db.$queryRaw<Rotation[]>`
    SELECT * FROM rotate_refresh_token(${sha256(refreshToken)}, ${randomUUID()}, ${sha256(next)},
      ${now}::timestamp(3), ${REFRESH_TOKEN_TTL_SECONDS}::integer)`;
  if (rotation?.outcome === "reused") {
    await signOut(rotation.family_id!);
    await recordAudit("token.reuse_detected", {
      userId: rotation.user_id,
      meta,
      data: { familyId: rotation.family_id },
    });
    throw invalidGrant("The refresh token was already used: every token of this sign-in has been revoked.");
  }
  if (rotation?.outcome !== "rotated") throw invalidGrant("The refresh token is invalid, expired or revoked.");
  const userId = rotation.user_id!;
  const familyId = rotation.family_id!;
  await cacheSessionRecord(rotation.session_token!, {
    id: familyId,
    userId,
    exp: rotation.expires!.getTime(),
    aexp: rotation.absolute_expires!.getTime(),
    seen: now.getTime(),
    auth: rotation.authenticated_at!.getTime(),
    kind: "api",
  });
  return { userId, familyId, tokens: await tokenResponse(userId, familyId, next) };
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
