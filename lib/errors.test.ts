import { describe, expect, it } from "vitest";
import { AppError, errorCodes, isAppError } from "./errors";

describe("the error code registry", () => {
  it("maps every stable code to its HTTP status and default title (a published contract)", () => {
    expect(errorCodes).toStrictEqual({
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
    });
  });
});

describe("AppError", () => {
  it("takes its status from the registry and its message from the detail", () => {
    const error = new AppError("rate_limited", "Try again in a minute.", { email: ["x"] }, { "retry-after": "60" });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("AppError");
    expect(error.code).toBe("rate_limited");
    expect(error.status).toBe(429);
    expect(error.message).toBe("Try again in a minute.");
    expect(error.fieldErrors).toEqual({ email: ["x"] });
    expect(error.headers).toEqual({ "retry-after": "60" });
  });

  it("falls back to the code's title when no detail is given", () => {
    const error = new AppError("account_disabled");
    expect(error.message).toBe("Account disabled");
    expect(error.status).toBe(403);
    expect(error.fieldErrors).toBeUndefined();
    expect(error.headers).toBeUndefined();
  });

  it("is recognised by isAppError, and nothing else is", () => {
    expect(isAppError(new AppError("not_found"))).toBe(true);
    expect(isAppError(new Error("Not found"))).toBe(false);
    expect(isAppError({ code: "not_found", status: 404, message: "Not found" })).toBe(false);
    expect(isAppError(null)).toBe(false);
  });
});
