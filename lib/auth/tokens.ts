import { createHash, randomBytes } from "node:crypto";
import { type Prisma, TokenPurpose } from "../db";

/** Activation links live 48 hours, password-reset links 1 hour. */
export const TOKEN_TTL_SECONDS: Record<TokenPurpose, number> = {
  [TokenPurpose.ACTIVATION]: 48 * 3600,
  [TokenPurpose.PASSWORD_RESET]: 3600,
};

type Tx = Prisma.TransactionClient;

export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** 256 random bits, base64url: the value that goes into the email link and nowhere else. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Creates a one-time token for `purpose`; only its SHA-256 is stored. Earlier unused tokens of the
 * same purpose are invalidated so that only the newest link works.
 */
export async function issueActionToken(tx: Tx, userId: string, purpose: TokenPurpose): Promise<string> {
  const token = newOpaqueToken();
  const now = new Date();
  await tx.actionToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  await tx.actionToken.create({
    data: {
      userId,
      purpose,
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + TOKEN_TTL_SECONDS[purpose] * 1000),
    },
  });
  return token;
}

/**
 * Consumes a token inside the caller's transaction: returns its user id, or null when it is
 * unknown, of another purpose, used or expired. The lookup is by the SHA-256 of the token (an
 * index over 256-bit random values, so its timing reveals nothing useful about other tokens);
 * the conditional update makes it single-use even under concurrent redemption.
 */
export async function consumeActionToken(tx: Tx, token: string, purpose: TokenPurpose): Promise<string | null> {
  const tokenHash = sha256(token);
  const row = await tx.actionToken.findUnique({ where: { tokenHash } });
  if (!row || row.purpose !== purpose) return null;
  const now = new Date();
  if (row.usedAt !== null || row.expiresAt <= now) return null;
  const claimed = await tx.actionToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  return claimed.count === 1 ? row.userId : null;
}

/** Marks every outstanding token of `purpose` used (e.g. reset links after a password change). */
export async function invalidateActionTokens(tx: Tx, userId: string, purpose: TokenPurpose): Promise<void> {
  await tx.actionToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: new Date() } });
}
