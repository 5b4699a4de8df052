import { createHash, randomInt } from "node:crypto";
import { recordAudit } from "../../audit";
import { db, type Prisma } from "../../db";
import { AppError } from "../../errors";
import type { RequestMeta } from "../session/meta";
import { lockActiveAccount } from "./account-lock";
import { hasSecondFactor } from "./factors";
import { recordFactorChange } from "./notify";

/**
 * Recovery codes: single-use stand-ins for the second factor when the authenticator app or
 * passkey is lost. Ten per generation, each 10 symbols of Crockford's base32 (50 random bits),
 * shown as `xxxxx-xxxxx` once and stored only as SHA-256 of "<userId>:<normalised code>", so a
 * database dump neither reveals them nor lets one user's code match another's row.
 */
export const RECOVERY_CODE_COUNT = 10;

/** Crockford's base32: no i, l, o or u, so nothing reads as another symbol (and 32 = 5 bits each). */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const CODE_SYMBOLS = 10;
const NORMALISED = /^[0-9a-hjkmnp-tv-z]{10}$/;
/** Longer input is refused before any work (a code with every separator a person might add is far shorter). */
const MAX_INPUT_LENGTH = 64;

function newRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < CODE_SYMBOLS; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * What a typed code is compared as: lower case, without spaces or dashes, and the letters people
 * confuse with digits read as those digits (o → 0, i and l → 1), as Crockford's base32 does.
 */
export function normaliseRecoveryCode(code: string): string {
  return code
    .toLowerCase()
    .replace(/[\s-]+/g, "")
    .replace(/o/g, "0")
    .replace(/[il]/g, "1");
}

function recoveryCodeHash(userId: string, normalised: string): string {
  return createHash("sha256").update(`${userId}:${normalised}`, "utf8").digest("hex");
}

/** Replaces the account's codes with a new set; the caller locked the account (lockActiveAccount). */
async function replaceRecoveryCodes(tx: Prisma.TransactionClient, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: recoveryCodeHash(userId, normaliseRecoveryCode(code)) })),
  });
  return codes;
}

/**
 * A new set of recovery codes for an account that has a second factor (409 `conflict` otherwise):
 * every earlier code stops working. Audited and emailed to the owner. Returns the codes, to be
 * shown once. Pass `tx` to make it part of a larger change.
 */
export async function generateRecoveryCodes(
  userId: string,
  meta: RequestMeta | null,
  tx?: Prisma.TransactionClient,
): Promise<string[]> {
  if (!tx) return db.$transaction((inner) => generateRecoveryCodes(userId, meta, inner));
  await lockActiveAccount(tx, userId);
  if (!(await hasSecondFactor(userId, tx))) {
    throw new AppError("conflict", "Set up an authenticator app or a passkey before generating recovery codes.");
  }
  const codes = await replaceRecoveryCodes(tx, userId);
  await recordFactorChange(
    tx,
    userId,
    { audit: "mfa.recovery_codes_generated", notice: "recovery-codes-generated", data: { count: codes.length } },
    meta,
  );
  return codes;
}

/**
 * The first recovery codes of an account that just got its first factor, in that change's
 * transaction (the caller locked the account): a set when it has no unused code, else null (the
 * codes it has keep working). Audited; the owner's email is the one about the new factor.
 */
export async function issueFirstRecoveryCodes(
  tx: Prisma.TransactionClient,
  userId: string,
  meta: RequestMeta | null,
): Promise<string[] | null> {
  if ((await tx.recoveryCode.count({ where: { userId, usedAt: null } })) > 0) return null;
  const codes = await replaceRecoveryCodes(tx, userId);
  await recordAudit(
    "mfa.recovery_codes_generated",
    { userId, actorId: userId, meta: meta ?? undefined, data: { count: codes.length } },
    tx,
  );
  return codes;
}

/**
 * Uses up one of the account's recovery codes: true once per code, false for anything else
 * (wrong, used, another account's, malformed; never throws on hostile input). Of two requests
 * racing with one code, exactly one wins: the update only matches a row that is still unused.
 * A used code is audited and emailed to the owner.
 */
export async function consumeRecoveryCode(
  userId: string,
  code: string,
  meta: RequestMeta | null = null,
): Promise<boolean> {
  if (typeof userId !== "string" || typeof code !== "string" || code.length > MAX_INPUT_LENGTH) return false;
  const normalised = normaliseRecoveryCode(code);
  if (!NORMALISED.test(normalised)) return false;
  const codeHash = recoveryCodeHash(userId, normalised);
  return db.$transaction(async (tx) => {
    const used = await tx.recoveryCode.updateMany({
      where: { userId, codeHash, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (used.count !== 1) return false;
    const left = await tx.recoveryCode.count({ where: { userId, usedAt: null } });
    await recordFactorChange(
      tx,
      userId,
      { audit: "mfa.recovery_code_used", notice: "recovery-code-used", data: { left } },
      meta,
    );
    return true;
  });
}
