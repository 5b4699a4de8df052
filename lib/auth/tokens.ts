import { createHash, randomBytes } from "node:crypto";
import { db, type Prisma, TokenPurpose } from "../db";

/** How long each kind of emailed link works. */
export const TOKEN_TTL_SECONDS: Record<TokenPurpose, number> = {
  [TokenPurpose.ACTIVATION]: 48 * 3600,
  [TokenPurpose.REGISTRATION_CANCEL]: 48 * 3600,
  [TokenPurpose.PASSWORD_RESET]: 3600,
  [TokenPurpose.ACCOUNT_UNLOCK]: 24 * 3600,
  [TokenPurpose.INVITATION]: 7 * 24 * 3600,
};

type Tx = Prisma.TransactionClient;
type Reader = Pick<Prisma.TransactionClient, "actionToken">;

export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** 256 random bits, base64url: the value that goes into the email link and nowhere else. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString("base64url");
}

const liveKey = (userId: string, purpose: TokenPurpose) => `${userId}:${purpose}`;

export type IssuedToken = { token: string; expiresAt: Date };

/**
 * Creates a one-time token for `purpose`; only its SHA-256 is stored. The user's live token of
 * the same purpose is voided first, so only the newest link works. The user row is locked for
 * the rest of the caller's transaction, so concurrent requests take turns, and the unique
 * `liveKey` makes the database itself refuse a second live token.
 */
export async function issueActionToken(tx: Tx, userId: string, purpose: TokenPurpose): Promise<IssuedToken> {
  await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
  const token = newOpaqueToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_SECONDS[purpose] * 1000);
  await invalidateActionTokens(tx, userId, [purpose], now);
  await tx.actionToken.create({
    data: { userId, purpose, tokenHash: sha256(token), liveKey: liveKey(userId, purpose), expiresAt },
  });
  return { token, expiresAt };
}

/**
 * The user a live token of `purpose` belongs to, without using it up (a page that checks a link
 * before asking for more, or a check before slow work). Null when unknown, used or expired.
 */
export async function peekActionToken(
  token: string,
  purpose: TokenPurpose,
  reader: Reader = db,
): Promise<{ userId: string; expiresAt: Date } | null> {
  const row = await reader.actionToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: { userId: true, purpose: true, usedAt: true, expiresAt: true },
  });
  if (!row || row.purpose !== purpose || row.usedAt !== null || row.expiresAt <= new Date()) return null;
  return { userId: row.userId, expiresAt: row.expiresAt };
}

/**
 * Uses a token up inside the caller's transaction: returns its user id, or null when it is
 * unknown, of another purpose, used or expired. One conditional UPDATE both checks and claims
 * it, so two concurrent redemptions cannot both succeed. The lookup is by the SHA-256 of a
 * 256-bit random value, so its timing reveals nothing useful about other tokens.
 */
export async function consumeActionToken(tx: Tx, token: string, purpose: TokenPurpose): Promise<string | null> {
  const now = new Date();
  const rows = await tx.$queryRaw<{ userId: string }[]>`
    UPDATE "ActionToken" SET "usedAt" = ${now}, "liveKey" = NULL
    WHERE "tokenHash" = ${sha256(token)} AND "purpose" = ${purpose}::"TokenPurpose"
      AND "usedAt" IS NULL AND "expiresAt" > ${now}
    RETURNING "userId"`;
  return rows[0]?.userId ?? null;
}

/** Voids every live token of these purposes (e.g. reset links after a password change). */
export async function invalidateActionTokens(
  tx: Pick<Prisma.TransactionClient, "actionToken">,
  userId: string,
  purposes: readonly TokenPurpose[],
  now = new Date(),
): Promise<void> {
  await tx.actionToken.updateMany({
    where: { userId, purpose: { in: [...purposes] }, usedAt: null },
    data: { usedAt: now, liveKey: null },
  });
}
