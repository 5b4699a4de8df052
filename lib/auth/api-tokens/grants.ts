import { AppError, isAppError } from "../../errors";
import { validate } from "../../http/body";
import { GRANT_TYPES, TokenRequestSchema, type TokenRequest } from "../../validation/forms";
import { MFA_GRANT_TYPE } from "../../validation/mfa-sign-in";
import type { TokenResponse } from "../../validation/responses";
import { recordAudit } from "../../audit";
import { startChallenge } from "../mfa/challenge";
import { mustEnrolSecondFactor } from "../mfa/policy";
import { passSecondStep } from "../mfa/sign-in-step";
import type { RequestMeta } from "../session/meta";
import { verifySignIn } from "../session/sign-in";
import { rotateRefreshToken, startTokenFamily } from "./families";

/**
 * Validates a token request. A missing `grant_type` is a malformed request (`invalid_request`), one
 * we do not know is `unsupported_grant_type` (RFC 6749 section 5.2), then the grant's own fields.
 */
export function parseTokenRequest(body: unknown): TokenRequest {
  const grantType =
    typeof body === "object" && body !== null ? (body as { grant_type?: unknown }).grant_type : undefined;
  if (grantType === undefined || grantType === null || grantType === "") {
    throw new AppError("validation_failed", "The grant_type parameter is missing.", {
      grant_type: ["grant_type is required."],
    });
  }
  if (!(GRANT_TYPES as readonly unknown[]).includes(grantType)) {
    throw new AppError("unsupported_grant_type", `Supported grant types: ${GRANT_TYPES.join(", ")}.`);
  }
  return validate(TokenRequestSchema, body);
}

/**
 * The token endpoint's grants. `password` follows every rule of a browser sign-in (verifySignIn:
 * brute-force budget, the same failure for unknown users and wrong passwords, activation and
 * disabled accounts only revealed to the right password) and starts a token family;
 * `refresh_token` rotates within one. An account with a second factor gets no tokens from its
 * password: 400 `mfa_required` with an `mfa_token` (a TOKEN challenge, 5 minutes) that
 * `urn:authcore:mfa` exchanges, with a `code` or a `recovery_code`, for tokens. An account the
 * second-factor policy covers that has none yet gets 400 `mfa_enrollment_required`.
 */
export async function grantTokens(request: TokenRequest, meta: RequestMeta): Promise<TokenResponse> {
  if (request.grant_type === "refresh_token") return (await rotateRefreshToken(request.refresh_token, meta)).tokens;
  if (request.grant_type === MFA_GRANT_TYPE) return secondFactorGrant(request, meta);
  const user = await verifySignIn(request, meta);
  if (user.secondFactor) {
    const mfaToken = await startChallenge(user.id, "TOKEN", "password", meta);
    throw new AppError(
      "mfa_required",
      `This account uses a second factor: send grant_type=${MFA_GRANT_TYPE} with this mfa_token and a code.`,
      undefined,
      {},
      { mfa_token: mfaToken },
    );
  }
  if (await mustEnrolSecondFactor(user.id)) {
    throw new AppError(
      "mfa_enrollment_required",
      "Your role requires a second factor: set one up in your account before signing in here.",
    );
  }
  return startFamily(user.id, meta, {});
}

async function startFamily(userId: string, meta: RequestMeta, data: Record<string, string>): Promise<TokenResponse> {
  const { familyId, tokens } = await startTokenFamily(userId, meta);
  void recordAudit("login.succeeded", { userId, meta, data: { familyId, via: "token", ...data } });
  return tokens;
}

/** `urn:authcore:mfa`: the password grant's mfa_token and one factor (lib/auth/mfa/sign-in-step.ts). */
async function secondFactorGrant(
  request: Extract<TokenRequest, { grant_type: typeof MFA_GRANT_TYPE }>,
  meta: RequestMeta,
): Promise<TokenResponse> {
  const proof = request.code !== undefined ? { code: request.code } : { recoveryCode: request.recovery_code ?? "" };
  let passed;
  try {
    passed = await passSecondStep(request.mfa_token, "TOKEN", proof, meta);
  } catch (error) {
    if (isAppError(error) && error.code === "invalid_token") {
      throw new AppError("invalid_grant", "The mfa_token is invalid, expired or already used: sign in again.");
    }
    throw error;
  }
  return startFamily(passed.challenge.userId, meta, { mfa: passed.method });
}
