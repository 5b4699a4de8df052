import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { db } from "../../db";
import { AppError } from "../../errors";
import { logger } from "../../log";
import type { RequestMeta } from "../session/meta";
import { lockActiveAccount } from "./account-lock";
import { hasSecondFactor } from "./factors";
import { recordFactorChange } from "./notify";
import { issueFirstRecoveryCodes } from "./recovery-codes";
import { openSecret, sealSecret } from "./secret-box";

/**
 * Authenticator apps (TOTP, RFC 6238) with the parameters every app supports: SHA-1, 6 digits,
 * 30-second steps. A code is accepted one step either side of the server's clock (a slow typist, a
 * slightly wrong phone clock) and only once: the factor remembers the last step it accepted and
 * refuses that step and every earlier one.
 */
export const TOTP_ISSUER = "Authcore";
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** 160-bit secrets, the size RFC 4226 recommends (32 base32 characters). */
const SECRET_BYTES = 20;
/** A setup that was not confirmed within this time must start again (its secret was on a screen). */
export const PENDING_TTL_MS = 60 * 60 * 1000;
/** Longer input is refused before any work (a code with spaces in it is far shorter). */
const MAX_INPUT_LENGTH = 32;

export type TotpEnrolment = {
  /** The base32 secret, for typing into an app that cannot scan. */
  secret: string;
  otpauthUrl: string;
  /** The otpauth URL as a QR code: an SVG image as a data: URL (no inline styles in it). */
  qrDataUrl: string;
};

const alreadyEnrolled = () =>
  new AppError("conflict", "An authenticator app is already set up. Remove it before setting up another one.");
const setupMissing = () => new AppError("conflict", "There is no authenticator setup to confirm: start again.");
const setupExpired = () => new AppError("conflict", "This authenticator setup has expired: start again.");
const wrongCode = () =>
  new AppError("validation_failed", "That code is not correct.", {
    code: ["That code is not correct. Enter the 6-digit code your app shows now."],
  });

/** The digits of a typed code (spaces removed), or null when it cannot be a code. */
function normaliseTotpCode(code: unknown): string | null {
  if (typeof code !== "string" || code.length > MAX_INPUT_LENGTH) return null;
  const digits = code.replace(/\s+/g, "");
  return /^[0-9]{6}$/.test(digits) ? digits : null;
}

/**
 * The time step whose code `token` is, among the current one and one either side of it, skipping
 * `lastStep` and every step before it; null when none matches.
 */
async function matchingStep(secret: string, token: string, nowMs: number, lastStep: number | null) {
  if (!Number.isFinite(nowMs)) return null;
  const epoch = Math.floor(nowMs / 1000);
  const currentStep = Math.floor(epoch / PERIOD_SECONDS);
  if (lastStep !== null && lastStep > currentStep) return null;
  try {
    const result = await verify({
      secret,
      token,
      epoch,
      period: PERIOD_SECONDS,
      digits: DIGITS,
      algorithm: "sha1",
      epochTolerance: PERIOD_SECONDS,
      afterTimeStep: lastStep ?? undefined,
    });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "a TOTP code could not be checked");
    return null;
  }
}

function openTotpSecret(secretCipher: string, userId: string): string | null {
  try {
    return openSecret(secretCipher, userId);
  } catch {
    // AUTH_SECRET changed since the app was set up, or the row was altered: the factor cannot work.
    logger.error({ userId }, "an authenticator secret could not be decrypted");
    return null;
  }
}

async function describeEnrolment(secret: string, username: string): Promise<TotpEnrolment> {
  const otpauthUrl = generateURI({
    issuer: TOTP_ISSUER,
    label: username,
    secret,
    algorithm: "sha1",
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
  const svg = await QRCode.toString(otpauthUrl, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret, otpauthUrl, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

const isExpired = (createdAt: Date, now = Date.now()) => now - createdAt.getTime() > PENDING_TTL_MS;

/**
 * Starts setting up an authenticator app: a new secret, stored encrypted and pending until a code
 * from the app confirms it. Starting again replaces a pending setup; an account that already has
 * a confirmed app gets 409 `conflict` (remove it first).
 */
export async function startTotpEnrolment(userId: string): Promise<TotpEnrolment> {
  const secret = generateSecret({ length: SECRET_BYTES });
  const secretCipher = sealSecret(secret, userId);
  const username = await db.$transaction(async (tx) => {
    await lockActiveAccount(tx, userId);
    const existing = await tx.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } });
    if (existing?.confirmedAt) throw alreadyEnrolled();
    await tx.totpFactor.upsert({
      where: { userId },
      create: { userId, secretCipher },
      update: { secretCipher, confirmedAt: null, lastStep: null, createdAt: new Date() },
    });
    return (await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } })).username;
  });
  return describeEnrolment(secret, username);
}

/** The setup waiting for its first code (to show again), or null when there is none or it expired. */
export async function pendingTotpEnrolment(userId: string): Promise<TotpEnrolment | null> {
  const factor = await db.totpFactor.findUnique({
    where: { userId },
    select: { secretCipher: true, confirmedAt: true, createdAt: true, user: { select: { username: true } } },
  });
  if (!factor || factor.confirmedAt || isExpired(factor.createdAt)) return null;
  const secret = openTotpSecret(factor.secretCipher, userId);
  return secret ? describeEnrolment(secret, factor.user.username) : null;
}

/**
 * Confirms a pending setup with a code from the app: the factor counts from now on, and that
 * code's step is used up. An account without unused recovery codes gets its first set (returned
 * to be shown once; null when it keeps the ones it has). Audited and emailed to the owner.
 * A wrong code: 400 `validation_failed` on `code`; no pending setup or an expired one: 409.
 */
export async function confirmTotpEnrolment(
  userId: string,
  code: string,
  meta: RequestMeta | null,
): Promise<{ recoveryCodes: string[] | null }> {
  const token = normaliseTotpCode(code);
  return db.$transaction(async (tx) => {
    await lockActiveAccount(tx, userId);
    const factor = await tx.totpFactor.findUnique({ where: { userId } });
    if (!factor) throw setupMissing();
    if (factor.confirmedAt) throw alreadyEnrolled();
    if (isExpired(factor.createdAt)) throw setupExpired();
    const secret = openTotpSecret(factor.secretCipher, userId);
    if (!secret) throw setupExpired();
    const step = token ? await matchingStep(secret, token, Date.now(), factor.lastStep) : null;
    if (step === null) throw wrongCode();
    await tx.totpFactor.update({ where: { userId }, data: { confirmedAt: new Date(), lastStep: step } });
    const recoveryCodes = await issueFirstRecoveryCodes(tx, userId, meta);
    await recordFactorChange(
      tx,
      userId,
      { audit: "mfa.totp_enrolled", notice: "totp-enrolled", data: { recoveryCodesIssued: recoveryCodes !== null } },
      meta,
    );
    return { recoveryCodes };
  });
}

/**
 * Removes the authenticator app (404 `not_found` when there is none). Removing a confirmed one is
 * audited and emailed; when it was the account's last second factor, its recovery codes go too
 * (they stand in for a factor the account no longer has). Removing a pending setup cancels it.
 */
export async function removeTotp(userId: string, meta: RequestMeta | null): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockActiveAccount(tx, userId);
    const factor = await tx.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } });
    if (!factor) throw new AppError("not_found", "No authenticator app is set up.");
    await tx.totpFactor.delete({ where: { userId } });
    if (!factor.confirmedAt) return;
    const lastFactor = !(await hasSecondFactor(userId, tx));
    if (lastFactor) await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordFactorChange(
      tx,
      userId,
      { audit: "mfa.totp_removed", notice: "totp-removed", data: { recoveryCodesRemoved: lastFactor } },
      meta,
    );
  });
}

/**
 * Checks a code from the account's confirmed authenticator app, using it up: true at most once
 * per code (and never for a step older than the last one accepted), false for anything else: a
 * wrong, replayed or malformed code, a pending setup, no app (never throws on hostile input). Of
 * concurrent checks of one code exactly one is true: the update only matches while the factor's
 * last step is still below the code's.
 */
export async function verifyTotpCode(userId: string, code: string, now: number = Date.now()): Promise<boolean> {
  const token = normaliseTotpCode(code);
  if (!token || typeof userId !== "string") return false;
  const factor = await db.totpFactor.findUnique({
    where: { userId },
    select: { secretCipher: true, confirmedAt: true, lastStep: true },
  });
  if (!factor?.confirmedAt) return false;
  const secret = openTotpSecret(factor.secretCipher, userId);
  if (!secret) return false;
  const step = await matchingStep(secret, token, now, factor.lastStep);
  if (step === null) return false;
  const claimed = await db.totpFactor.updateMany({
    where: {
      userId,
      secretCipher: factor.secretCipher,
      confirmedAt: { not: null },
      OR: [{ lastStep: null }, { lastStep: { lt: step } }],
    },
    data: { lastStep: step },
  });
  return claimed.count === 1;
}
