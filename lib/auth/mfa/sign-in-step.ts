import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { db } from "../../db";
import { AppError } from "../../errors";
import type { RequestMeta } from "../session/meta";
import { completeSignIn, type BrowserPlacement, type SignedIn } from "../session/sign-in";
import {
  claimChallenge,
  invalidChallenge,
  peekChallenge,
  restoreChallenge,
  type ChallengeKind,
  type SignInChallenge,
} from "./challenge";
import { factorSummary } from "./factors";
import { passkeyAuthenticationOptions } from "./passkeys";
import { verifySecondFactor, type SecondFactorMethod, type SecondFactorProof } from "./second-factor";

/**
 * Takes the challenge and checks the factor (./second-factor.ts, the account's brute-force
 * budget). A wrong factor, or a refusal before the check (429 over the budget, 503), gives the
 * challenge back: the real user can still finish while an attacker's guesses run into the lock.
 * The account must still be usable: disabled or deactivated meanwhile, no sign-in.
 */
export async function passSecondStep(
  token: string,
  kind: ChallengeKind,
  proof: SecondFactorProof,
  meta: RequestMeta,
): Promise<{ challenge: SignInChallenge; method: SecondFactorMethod }> {
  const challenge = await claimChallenge(token, kind);
  let method: SecondFactorMethod;
  try {
    method = await verifySecondFactor(challenge.userId, proof, meta);
  } catch (error) {
    await restoreChallenge(challenge);
    throw error;
  }
  const user = await db.user.findUnique({
    where: { id: challenge.userId },
    select: { isActive: true, disabledAt: true },
  });
  if (!user) throw invalidChallenge();
  if (user.disabledAt) {
    throw new AppError("account_disabled", "This account has been disabled. Contact your administrator.");
  }
  if (!user.isActive) throw invalidChallenge();
  return { challenge, method };
}

/**
 * Finishes a browser sign-in that waits for its second factor (after the password, or after
 * Google): a session like any sign-in's (lib/auth/session/sign-in.ts completeSignIn, which
 * replaces the browser's previous sessions or adds an account to them), audited `login.succeeded` with the factor used.
 */
export async function completeBrowserSecondStep(
  token: string,
  proof: SecondFactorProof,
  meta: RequestMeta,
  placement: BrowserPlacement,
): Promise<SignedIn & { method: SecondFactorMethod }> {
  const { challenge, method } = await passSecondStep(token, "BROWSER", proof, meta);
  const signedIn = await completeSignIn(challenge.userId, meta, placement, {
    mfa: method,
    ...(challenge.method === "google" ? { provider: "google" } : {}),
  });
  return { ...signedIn, method };
}

/** What the second-step page offers: the account's factors, for a live browser challenge (null otherwise). */
export async function describeBrowserSecondStep(
  token: string | undefined,
): Promise<{ totp: boolean; passkeys: boolean; recoveryCodes: boolean; firstStep: "password" | "google" } | null> {
  if (!token) return null;
  const challenge = await peekChallenge(token, "BROWSER");
  if (!challenge) return null;
  const summary = await factorSummary(challenge.userId);
  return {
    totp: summary.totp,
    passkeys: summary.passkeys > 0,
    recoveryCodes: summary.recoveryCodesLeft > 0,
    firstStep: challenge.method,
  };
}

/**
 * The passkey ceremony's options for a browser's second step, limited to the account's passkeys;
 * the sign-in's challenge is only looked at, not used (the passkey's answer then goes with it).
 */
export async function secondStepPasskeyOptions(
  token: string,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; challengeId: string }> {
  const challenge = await peekChallenge(token, "BROWSER");
  if (!challenge) throw invalidChallenge();
  return passkeyAuthenticationOptions(challenge.userId);
}
