import { isDatabaseUnavailable } from "../db/unavailable";
import { AppError, type ErrorCode } from "../errors";
import { logger } from "../log";
import type { OAuthError } from "../validation/responses";
import { MAX_BODY_BYTES, readBodyText } from "./body";
import { readJsonOrJweValue } from "./jwe-body";
import { DATABASE_UNAVAILABLE } from "./problem";

export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

/** Token responses and errors must never be cached (RFC 6749 section 5.1). */
export const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" } as const;

/**
 * Reads an OAuth endpoint's body: form-encoded (what OAuth clients send), JSON, or JSON as a compact
 * JWE (`application/jose`). A form parameter given twice is refused (RFC 6749 section 3.2).
 * Not validated: the caller's schema decides.
 */
export async function readOAuthBody(request: Request): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith(FORM_CONTENT_TYPE)) return readJsonOrJweValue(request);
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(await readBodyText(request, MAX_BODY_BYTES))) {
    if (params.has(name)) throw new AppError("validation_failed", `The parameter ${name} is given more than once.`);
    params.set(name, value);
  }
  // Own properties only: a parameter named `constructor` or `__proto__` is a plain (ignored) field.
  return Object.fromEntries(params);
}

// What each of our error codes is in OAuth's vocabulary (RFC 6749 section 5.2, RFC 8628's
// slow_down for "too many attempts, wait"). Credential failures of every kind are invalid_grant.
const OAUTH_ERRORS: Partial<Record<ErrorCode, OAuthError["error"]>> = {
  invalid_grant: "invalid_grant",
  invalid_credentials: "invalid_grant",
  invalid_token: "invalid_grant",
  mfa_required: "mfa_required",
  mfa_enrollment_required: "mfa_enrollment_required",
  account_not_activated: "invalid_grant",
  account_disabled: "invalid_grant",
  unsupported_grant_type: "unsupported_grant_type",
  validation_failed: "invalid_request",
  malformed_json: "invalid_request",
  invalid_jwe: "invalid_request",
  unsupported_media_type: "invalid_request",
  payload_too_large: "invalid_request",
  rate_limited: "slow_down",
  service_unavailable: "temporarily_unavailable",
};

/** Renders a thrown value as an OAuth error response (`{error, error_description}`), never problem JSON. */
export function toOAuthError(error: unknown): Response {
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: (error as Error).message }, "database unavailable: answered 503");
    return oauthErrorResponse(
      503,
      { error: "temporarily_unavailable", error_description: DATABASE_UNAVAILABLE },
      { "Retry-After": "1" },
    );
  }
  const known = error instanceof AppError ? OAUTH_ERRORS[error.code] : undefined;
  if (!known || !(error instanceof AppError)) {
    logger.error(
      { err: error instanceof Error ? { message: error.message, stack: error.stack } : error },
      "unhandled error",
    );
    return oauthErrorResponse(500, { error: "server_error", error_description: "Something went wrong on our side." });
  }
  // Credential failures and the second-factor answers are 400 whatever their status elsewhere
  // (401/403 at login), as RFC 6749 section 5.2 has every grant error.
  const status = error.status === 401 || error.status === 403 ? 400 : error.status;
  const mfaToken = error.extensions?.mfa_token;
  return oauthErrorResponse(
    status,
    { error: known, error_description: error.message, ...(typeof mfaToken === "string" && { mfa_token: mfaToken }) },
    error.headers,
  );
}

function oauthErrorResponse(status: number, body: OAuthError, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

type Handler = (request: Request) => Promise<Response>;

/** Wraps an OAuth endpoint so that every thrown error becomes an OAuth error response. */
export function oauthRoute(handler: Handler): Handler {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      return toOAuthError(error);
    }
  };
}
