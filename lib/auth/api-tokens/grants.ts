import { AppError } from "../../errors";
import { validate } from "../../http/body";
import { GRANT_TYPES, TokenRequestSchema, type TokenRequest } from "../../validation/forms";
import type { TokenResponse } from "../../validation/responses";
import { recordAudit } from "../../audit";
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
 * `refresh_token` rotates within one.
 */
export async function grantTokens(request: TokenRequest, meta: RequestMeta): Promise<TokenResponse> {
  if (request.grant_type === "refresh_token") return (await rotateRefreshToken(request.refresh_token, meta)).tokens;
  const user = await verifySignIn(request, meta);
  const { familyId, tokens } = await startTokenFamily(user.id, meta);
  void recordAudit("login.succeeded", { userId: user.id, meta, data: { familyId, via: "token" } });
  return tokens;
}
