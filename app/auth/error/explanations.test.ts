import { describe, expect, it } from "vitest";
import { explainSignInError } from "./explanations";

describe("explainSignInError", () => {
  it("explains our refusals and Auth.js's client-safe errors in plain words", () => {
    expect(explainSignInError("link_required").title).toBe("This email already has an account");
    expect(explainSignInError("link_required").body).toContain("“Link Google” under “Sign-in methods”");
    expect(explainSignInError("email_not_verified").title).toBe("Google has not verified this email address");
    expect(explainSignInError("OAuthCallbackError").title).toBe("Google sign-in did not complete");
    expect(explainSignInError("AccessDenied").links).toEqual([{ href: "/login", label: "Back to sign in" }]);
  });

  it("falls back to a generic text for Configuration, unknown codes and object-prototype names", () => {
    const fallback = explainSignInError("Configuration");
    expect(fallback.title).toBe("We could not complete the sign-in");
    for (const code of ["<script>", "constructor", "__proto__", "toString", "InvalidCheck"]) {
      expect(explainSignInError(code)).toEqual(fallback);
    }
  });

  it("only links inside the application", () => {
    for (const code of [
      "link_required",
      "email_not_verified",
      "email_missing",
      "account_disabled",
      "linked_to_another_account",
      "session_expired",
      "provider_unavailable",
      "google_unavailable",
      "OAuthAccountNotLinked",
      "AccessDenied",
      "OAuthCallbackError",
      "OAuthSignInError",
      "x",
    ]) {
      for (const link of explainSignInError(code).links) expect(link.href).toMatch(/^\/[a-z]/);
    }
  });
});
