import { recordAudit } from "../../audit";
import { db } from "../../db";
import { AppError } from "../../errors";
import type { RequestMeta } from "../session/meta";
import { newOpaqueToken, sha256 } from "../tokens";

/**
 * The state between a correct first step (a password, or Google) and the second factor: a random
 * 256-bit token the client holds (the `authcore.mfa` cookie of a browser, the `mfa_token` of a
 * token-endpoint client), stored only as its SHA-256, for 5 minutes. It is never a session: it
 * opens nothing but the second step, and only for its own kind (a browser's token is refused by
 * the token endpoint and the reverse).
 *
 * Each attempt takes the challenge (claimChallenge: one atomic DELETE … RETURNING, so of two
 * concurrent attempts exactly one holds it) and a wrong factor gives it back (restoreChallenge)
 * with its original expiry. Guesses are bounded by the account's brute-force budget, which the
 * second step spends like a password (./second-factor.ts): a wrong code costs the account a
 * failure, so the real user keeps their challenge while an attacker who knows the password runs
 * into the account lock. Nothing is handed back once the budget is spent, because the attempt is
 * refused before it is checked and the challenge simply expires.
 */
export const CHALLENGE_TTL_SECONDS = 5 * 60;
/** At most this many live challenges per account: older ones are dropped as new ones start. */
export const MAX_LIVE_CHALLENGES = 5;

export type ChallengeKind = "BROWSER" | "TOKEN";
/** How the first step was made. */
export type FirstStep = "password" | "google";

export type SignInChallenge = {
  id: string;
  tokenHash: string;
  userId: string;
  kind: ChallengeKind;
  method: FirstStep;
  expiresAt: Date;
};

/** The answer for a token that is unknown, expired, already used or of the other kind (one answer for all). */
export function invalidChallenge(): AppError {
  return new AppError("invalid_token", "This sign-in step has expired or was already used. Sign in again.");
}

/** Starts the second step for `userId`: returns the token the client must present with its factor. */
export async function startChallenge(
  userId: string,
  kind: ChallengeKind,
  method: FirstStep,
  meta: RequestMeta,
): Promise<string> {
  const token = newOpaqueToken();
  const now = new Date();
  await db.$transaction(async (tx) => {
    // Expired ones go, and the oldest live ones beyond the cap: a client that signs in again and
    // again (or someone who knows the password) cannot pile up rows.
    const live = await tx.signInChallenge.findMany({
      where: { userId, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { id: true },
      skip: MAX_LIVE_CHALLENGES - 1,
    });
    await tx.signInChallenge.deleteMany({
      where: { userId, OR: [{ expiresAt: { lte: now } }, { id: { in: live.map((row) => row.id) } }] },
    });
    await tx.signInChallenge.create({
      data: {
        tokenHash: sha256(token),
        userId,
        kind,
        method,
        expiresAt: new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000),
      },
    });
    await recordAudit("mfa.challenge_started", { userId, meta, data: { kind: kind.toLowerCase(), method } }, tx);
  });
  return token;
}

type ChallengeRow = Omit<SignInChallenge, "method"> & { method: string };

function toChallenge(row: ChallengeRow): SignInChallenge {
  return { ...row, method: row.method === "google" ? "google" : "password" };
}

/**
 * The live challenge of `kind` behind `token`, without using it (what the second-step page and
 * the passkey options need). Null when unknown, expired or of the other kind.
 */
export async function peekChallenge(token: string, kind: ChallengeKind): Promise<SignInChallenge | null> {
  if (typeof token !== "string" || token.length === 0) return null;
  const row = await db.signInChallenge.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row || row.kind !== kind || row.expiresAt <= new Date()) return null;
  return toChallenge(row);
}

/**
 * Takes the live challenge of `kind` behind `token`: deleted and returned in one statement, so of
 * concurrent claims exactly one gets it. Expired ones and ones of the other kind are refused
 * (and left alone: presenting a browser's token to the token endpoint does not burn it).
 * Throws 400 `invalid_token` (the caller maps it for OAuth).
 */
export async function claimChallenge(token: string, kind: ChallengeKind): Promise<SignInChallenge> {
  if (typeof token !== "string" || token.length === 0) throw invalidChallenge();
  const rows = await db.$queryRaw<ChallengeRow[]>`
    DELETE FROM "SignInChallenge"
    WHERE "tokenHash" = ${sha256(token)} AND "kind" = ${kind}::"ChallengeKind" AND "expiresAt" > now()
    RETURNING "id", "tokenHash", "userId", "kind"::text AS "kind", "method", "expiresAt"`;
  const row = rows[0];
  if (!row) throw invalidChallenge();
  return toChallenge(row);
}

/**
 * Gives a claimed challenge back after a wrong factor (or a refusal before the check), with its
 * original expiry: the person may try again until it expires or the account's budget is spent.
 * Gone for good when the account was deleted meanwhile.
 */
export async function restoreChallenge(challenge: SignInChallenge): Promise<void> {
  if (challenge.expiresAt <= new Date()) return;
  await db.signInChallenge
    .create({
      data: {
        id: challenge.id,
        tokenHash: challenge.tokenHash,
        userId: challenge.userId,
        kind: challenge.kind,
        method: challenge.method,
        expiresAt: challenge.expiresAt,
      },
    })
    .catch(() => undefined);
}
