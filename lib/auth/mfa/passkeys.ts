import { createHash } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { recordAudit } from "../../audit";
import { db, isUniqueViolation } from "../../db";
import { AppError } from "../../errors";
import { logger } from "../../log";
import {
  AuthenticationResponseSchema,
  PasskeyNameSchema,
  RegistrationResponseSchema,
  type PasskeySummary,
} from "../../validation/passkeys";
import type { RequestMeta } from "../session/meta";
import { lockActiveAccount } from "./account-lock";
import { hasSecondFactor } from "./factors";
import { recordFactorChange } from "./notify";
import { issueFirstRecoveryCodes } from "./recovery-codes";
import { relyingParty, storeChallenge, takeChallenge } from "./webauthn-challenges";

/** Passkeys one account may hold: every ceremony lists them all (excludeCredentials, allowCredentials). */
export const MAX_PASSKEYS = 20;
/** How long the browser waits for the person at the authenticator (the challenge itself lives 5 minutes). */
const CEREMONY_TIMEOUT_MS = 2 * 60 * 1000;
/** EdDSA, ES256, RS256: what passkey providers use. */
const ALGORITHMS = [-8, -7, -257];

/**
 * The WebAuthn user handle of an account: stable (the same for every passkey of the account, so a
 * passkey provider keeps one entry per account) and opaque (a hash of the id, not the id, and
 * nothing personal such as the email), 32 bytes (at most 64 are allowed).
 */
export function passkeyUserHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(`authcore passkey user\0${userId}`).digest());
}

const SUMMARY = { id: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true, backedUp: true } as const;

function toSummary(row: {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  deviceType: string;
  backedUp: boolean;
}): PasskeySummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt ? row.lastUsedAt.toISOString() : null,
    deviceType: row.deviceType === "multiDevice" ? "multiDevice" : "singleDevice",
    backedUp: row.backedUp,
  };
}

const descriptor = (row: { credentialId: string; transports: string[] }) => ({
  id: row.credentialId,
  transports: row.transports as AuthenticatorTransportFuture[],
});

const notFound = () => new AppError("not_found", "No such passkey.");
const tooMany = () =>
  new AppError("conflict", `An account can hold at most ${MAX_PASSKEYS} passkeys: remove one to add another.`);
// What a registration that does not verify answers, whatever the reason (the reason is logged).
const notVerified = () =>
  new AppError("validation_failed", "The passkey could not be verified. Start again.", {
    response: ["The passkey could not be verified. Start again."],
  });

function validName(name: unknown): string {
  const parsed = PasskeyNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new AppError("validation_failed", "The request is not valid.", {
      name: parsed.error.issues.map((issue) => issue.message),
    });
  }
  return parsed.data;
}

/** The options of a registration ceremony for the signed-in user, and the id of its stored challenge. */
export async function passkeyRegistrationOptions(
  userId: string,
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; challengeId: string }> {
  const user = await db.user.findFirst({
    where: { id: userId, isActive: true },
    select: {
      username: true,
      firstName: true,
      lastName: true,
      passkeys: { select: { credentialId: true, transports: true } },
    },
  });
  if (!user) throw new AppError("unauthorized", "The account no longer exists or is disabled.");
  if (user.passkeys.length >= MAX_PASSKEYS) throw tooMany();
  const rp = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.username,
    userID: passkeyUserHandle(userId),
    userDisplayName: [user.firstName, user.lastName].filter(Boolean).join(" ") || user.username,
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: "none",
    // The same authenticator twice would be one device under two names.
    excludeCredentials: user.passkeys.map(descriptor),
    // A passkey: discoverable (it can sign in without a username) and unlocked by the person (PIN, biometrics).
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    supportedAlgorithmIDs: ALGORITHMS,
  });
  const challengeId = await storeChallenge({
    purpose: "registration",
    challenge: options.challenge,
    userId,
    userVerification: "required",
  });
  return { options, challengeId };
}

/**
 * Verifies a finished registration ceremony against its challenge (single use, issued to this
 * user), then stores the passkey, audits it and emails the owner in one transaction. A response
 * that does not verify: 400 `validation_failed` on `response`; a credential already registered: 409.
 */
export async function registerPasskey(
  userId: string,
  input: { challengeId: string; response: RegistrationResponseJSON; name: string },
  meta: RequestMeta | null,
): Promise<{ id: string; name: string; createdAt: string; recoveryCodes: string[] | null }> {
  const name = validName(input.name);
  // Taken first: whatever happens next, this challenge has been used.
  const challenge = await takeChallenge(input.challengeId);
  if (!challenge || challenge.purpose !== "registration" || challenge.userId !== userId) {
    logger.info({ userId }, "passkey registration refused: unknown, used or foreign challenge");
    throw notVerified();
  }
  const parsed = RegistrationResponseSchema.safeParse(input.response);
  if (!parsed.success) throw notVerified();
  const rp = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: parsed.data,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch (error) {
    logger.info({ userId, err: (error as Error).message }, "passkey registration refused");
    throw notVerified();
  }
  if (!verification.verified) throw notVerified();
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  try {
    return await db.$transaction(async (tx) => {
      await lockActiveAccount(tx, userId);
      if ((await tx.passkey.count({ where: { userId } })) >= MAX_PASSKEYS) throw tooMany();
      const row = await tx.passkey.create({
        data: {
          userId,
          credentialId: credential.id,
          publicKey: credential.publicKey,
          counter: BigInt(credential.counter),
          transports: parsed.data.response.transports ?? credential.transports ?? [],
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
          name,
        },
        select: { id: true, name: true, createdAt: true },
      });
      await recordFactorChange(
        tx,
        userId,
        { audit: "mfa.passkey_added", notice: "passkey-added", data: { passkeyId: row.id, name: row.name } },
        meta,
      );
      // A first factor comes with recovery codes (a passkey-only account can lose its device too).
      const recoveryCodes = await issueFirstRecoveryCodes(tx, userId, meta);
      return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), recoveryCodes };
    });
  } catch (error) {
    if (isUniqueViolation(error, "credentialId")) throw new AppError("conflict", "This passkey is already registered.");
    throw error;
  }
}

/** The user's passkeys, oldest first. */
export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  const rows = await db.passkey.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: SUMMARY,
  });
  return rows.map(toSummary);
}

/** Renames one of the user's passkeys (404 when it is not theirs); audited, no email. */
export async function renamePasskey(
  userId: string,
  passkeyId: string,
  name: string,
  meta: RequestMeta | null,
): Promise<PasskeySummary> {
  const newName = validName(name);
  return db.$transaction(async (tx) => {
    const updated = await tx.passkey.updateMany({ where: { id: passkeyId, userId }, data: { name: newName } });
    if (updated.count === 0) throw notFound();
    await recordAudit(
      "mfa.passkey_renamed",
      { userId, meta: meta ?? undefined, data: { passkeyId, name: newName } },
      tx,
    );
    return toSummary(await tx.passkey.findUniqueOrThrow({ where: { id: passkeyId }, select: SUMMARY }));
  });
}

/**
 * Removes one of the user's passkeys (404 when it is not theirs), audited and emailed to the owner.
 * When no second factor is left, the recovery codes go too: they stand in for a factor the account
 * no longer has, and would otherwise wait unused until a new factor is set up.
 */
export async function removePasskey(userId: string, passkeyId: string, meta: RequestMeta | null): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockActiveAccount(tx, userId);
    const row = await tx.passkey.findFirst({ where: { id: passkeyId, userId }, select: { id: true, name: true } });
    if (!row) throw notFound();
    await tx.passkey.delete({ where: { id: row.id } });
    const recoveryCodesRemoved = (await hasSecondFactor(userId, tx))
      ? 0
      : (await tx.recoveryCode.deleteMany({ where: { userId } })).count;
    await recordFactorChange(
      tx,
      userId,
      {
        audit: "mfa.passkey_removed",
        notice: "passkey-removed",
        data: { passkeyId: row.id, name: row.name, recoveryCodesRemoved },
      },
      meta,
    );
  });
}

/**
 * The options of an authentication ceremony. Without a user (`null`): a discoverable sign-in, where
 * the passkey names its account, so it must verify the person (PIN, biometrics) to stand for both
 * factors. With a user: the second step after their password, limited to their passkeys, where
 * presence is enough and verification is only preferred.
 */
export async function passkeyAuthenticationOptions(
  userId: string | null,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; challengeId: string }> {
  const allowed = userId
    ? await db.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } })
    : [];
  const userVerification = userId ? "preferred" : "required";
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials: allowed.map(descriptor),
    userVerification,
    timeout: CEREMONY_TIMEOUT_MS,
  });
  const challengeId = await storeChallenge({
    purpose: "authentication",
    challenge: options.challenge,
    userId,
    userVerification,
  });
  return { options, challengeId };
}

/** Why an assertion was refused: for the log and the audit trail, never for the caller. */
export type PasskeyRefusal =
  | "unknown_challenge"
  | "wrong_challenge"
  | "malformed_response"
  | "unknown_credential"
  | "credential_of_another_user"
  | "user_handle_mismatch"
  | "counter_regression"
  | "user_not_verified"
  | "invalid_response"
  | "bad_signature"
  | "concurrent_use"
  | "error";

export type PasskeyAssertionResult =
  { ok: true; userId: string; passkeyId: string } | { ok: false; reason: PasskeyRefusal; userId: string | null };

function refusalOf(error: unknown): PasskeyRefusal {
  const message = error instanceof Error ? error.message : "";
  if (/counter/i.test(message)) return "counter_regression";
  if (/user verification/i.test(message)) return "user_not_verified";
  return "invalid_response";
}

/**
 * verifyPasskeyAuthentication with the reason of a refusal, for sign-in code that audits it.
 * Never throws.
 */
export async function checkPasskeyAuthentication(input: {
  challengeId: string;
  response: unknown;
  userId?: string;
}): Promise<PasskeyAssertionResult> {
  let ownerId: string | null = null;
  const refuse = (reason: PasskeyRefusal): PasskeyAssertionResult => ({ ok: false, reason, userId: ownerId });
  try {
    // Taken first: whatever happens next, this challenge has been used.
    const challenge = await takeChallenge(input.challengeId);
    if (!challenge) return refuse("unknown_challenge");
    // A second-factor challenge (verification only preferred) never signs in on its own, and the reverse.
    if (challenge.purpose !== "authentication" || challenge.userId !== (input.userId ?? null)) {
      return refuse("wrong_challenge");
    }
    const parsed = AuthenticationResponseSchema.safeParse(input.response);
    if (!parsed.success) return refuse("malformed_response");
    const response = parsed.data;
    const passkey = await db.passkey.findUnique({ where: { credentialId: response.id } });
    if (!passkey) return refuse("unknown_credential");
    ownerId = passkey.userId;
    if (input.userId !== undefined && passkey.userId !== input.userId) return refuse("credential_of_another_user");
    const handle = response.response.userHandle;
    if (handle !== undefined && handle !== Buffer.from(passkeyUserHandle(passkey.userId)).toString("base64url")) {
      return refuse("user_handle_mismatch");
    }
    const rp = relyingParty();
    let verification;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: rp.origins,
        expectedRPID: rp.id,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: Number(passkey.counter),
          transports: passkey.transports as AuthenticatorTransportFuture[],
        },
        requireUserVerification: challenge.userVerification === "required",
      });
    } catch (error) {
      return refuse(refusalOf(error));
    }
    if (!verification.verified) return refuse("bad_signature");
    const { newCounter, credentialBackedUp } = verification.authenticationInfo;
    // Compare-and-set on the counter: of two assertions racing with the same counter, one wins.
    const updated = await db.passkey.updateMany({
      where: { id: passkey.id, counter: passkey.counter },
      data: { counter: BigInt(newCounter), lastUsedAt: new Date(), backedUp: credentialBackedUp },
    });
    if (updated.count === 0) return refuse("concurrent_use");
    return { ok: true, userId: passkey.userId, passkeyId: passkey.id };
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "passkey authentication failed unexpectedly");
    return refuse("error");
  }
}

/**
 * Verifies a finished authentication ceremony: the challenge (single use, unexpired, issued for
 * this purpose and this user or for a discoverable sign-in), a credential of `userId` when given,
 * the origin and RP ID, the signature, user verification when the challenge required it, and the
 * signature counter (a counter that does not move forward means a cloned authenticator; 0 and 0
 * is an authenticator without one). On success the counter and lastUsedAt are updated at once.
 * Null on any failure, never a throw.
 */
export async function verifyPasskeyAuthentication(input: {
  challengeId: string;
  response: AuthenticationResponseJSON;
  userId?: string;
}): Promise<{ userId: string; passkeyId: string } | null> {
  const result = await checkPasskeyAuthentication(input);
  if (!result.ok) {
    logger.info({ reason: result.reason, userId: result.userId }, "passkey authentication refused");
    return null;
  }
  return { userId: result.userId, passkeyId: result.passkeyId };
}
