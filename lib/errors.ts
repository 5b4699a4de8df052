/**
 * Stable error codes: the registry every domain error comes from, with its HTTP status and
 * default title. `toProblem` (lib/http/problem.ts) renders them as RFC 9457 problem JSON in one place.
 */
export const errorCodes = {
  validation_failed: { status: 400, title: "Invalid request" },
  malformed_json: { status: 400, title: "Malformed JSON" },
  invalid_jwe: { status: 400, title: "The encrypted body could not be decrypted" },
  invalid_token: { status: 400, title: "Invalid or expired token" },
  invalid_grant: { status: 400, title: "Invalid grant" },
  unsupported_grant_type: { status: 400, title: "Unsupported grant type" },
  manager_cycle: { status: 400, title: "Management loop" },
  cannot_delete_self: { status: 400, title: "You cannot delete your own account here" },
  invalid_photo: { status: 400, title: "Not a usable photo" },
  photo_too_large: { status: 400, title: "Photo too large" },
  unauthorized: { status: 401, title: "Authentication required" },
  invalid_credentials: { status: 401, title: "Invalid credentials" },
  forbidden: { status: 403, title: "Forbidden" },
  cross_site_request: { status: 403, title: "Cross-site request refused" },
  account_not_activated: { status: 403, title: "Account not activated" },
  account_disabled: { status: 403, title: "Account disabled" },
  reauthentication_required: { status: 403, title: "Re-authentication required" },
  mfa_required: { status: 403, title: "Second factor required" },
  mfa_enrollment_required: { status: 403, title: "Second factor enrolment required" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  last_admin: { status: 409, title: "The last active Admin" },
  built_in_role: { status: 409, title: "Built-in role" },
  role_in_use: { status: 409, title: "Role in use" },
  too_many_accounts: { status: 409, title: "Too many accounts in this browser" },
  payload_too_large: { status: 413, title: "Request body too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  headers_too_large: { status: 431, title: "Request headers too large" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal_error: { status: 500, title: "Internal server error" },
  service_unavailable: { status: 503, title: "Service unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    detail?: string,
    readonly fieldErrors?: FieldErrors,
    readonly headers?: Record<string, string>,
    /** Extra members of the problem body (RFC 9457 extensions), e.g. the `mfaToken` of `mfa_required`. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ?? errorCodes[code].title);
    this.name = "AppError";
    this.status = errorCodes[code].status;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
