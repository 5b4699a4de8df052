import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { recordAudit } from "../../audit";
import { AppError } from "../../errors";
import type { SecondFactorProof } from "../../validation/mfa-sign-in";
import { guardedPasswordCheck } from "../brute-force";
import type { RequestMeta } from "../session/meta";
import { verifyPasskeyAuthentication } from "./passkeys";
import { consumeRecoveryCode } from "./recovery-codes";
import { verifyTotpCode } from "./totp";

export type { SecondFactorProof };
export type SecondFactorMethod = "totp" | "recovery_code" | "passkey";

export function methodOf(proof: SecondFactorProof): SecondFactorMethod {
  if ("code" in proof) return "totp";
  if ("recoveryCode" in proof) return "recovery_code";
  return "passkey";
}

async function check(userId: string, proof: SecondFactorProof, meta: RequestMeta): Promise<boolean> {
  if ("code" in proof) return verifyTotpCode(userId, proof.code);
  if ("recoveryCode" in proof) return consumeRecoveryCode(userId, proof.recoveryCode, meta);
  const verified = await verifyPasskeyAuthentication({
    challengeId: proof.passkey.challengeId,
    response: proof.passkey.response as AuthenticationResponseJSON,
    userId,
  });
  return verified?.userId === userId;
}

/**
 * Checks a second factor of `userId` (a code from the authenticator app, a recovery code, or a
 * passkey assertion for a challenge issued to this user) under the account's brute-force budget:
 * the very budget of its password (lib/auth/brute-force.ts, subject { userId }), so guesses at
 * codes add up with guesses at the password to the same lock, the delay grows, and over the
 * budget the answer is 429 before anything is checked. Codes are single use (the TOTP time step,
 * the recovery code, the passkey's challenge and counter). Success clears the account's failures
 * (the sign-in is complete); a failure is audited `mfa.failed` and answered 401
 * `invalid_credentials`, the same for every kind of wrong. Returns the method used.
 */
export async function verifySecondFactor(
  userId: string,
  proof: SecondFactorProof,
  meta: RequestMeta,
): Promise<SecondFactorMethod> {
  const method = methodOf(proof);
  const ok = await guardedPasswordCheck({ userId }, meta, () => check(userId, proof, meta));
  if (!ok) {
    await recordAudit("mfa.failed", { userId, meta, data: { method } });
    throw new AppError(
      "invalid_credentials",
      method === "passkey" ? "The passkey could not confirm it's you." : "That code is not correct.",
    );
  }
  return method;
}
