import { describe, expect, it } from "vitest";
import { changePassword } from "./password";
import { insertSignedInUser } from "../testing/fixtures";
import { AppError } from "../errors";
import { LOGIN_FAILURE_LIMIT } from "../auth/brute-force";
import { verifyCredentials } from "../auth/session/sign-in";

const meta = { ip: "198.51.100.80", userAgent: "vitest" };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error.code;
}

describe("password guesses share one budget per account and address", () => {
  it("failed logins use up the budget of the password-change form too", async () => {
    const { user, sessionId } = await insertSignedInUser();
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      expect(await codeOf(verifyCredentials(user.username, "Wrong-password-1", meta))).toBe("invalid_credentials");
    }
    const change = changePassword(
      user.id,
      sessionId,
      { currentPassword: user.password, newPassword: "another-Long-pass-7" },
      meta,
    );
    expect(await codeOf(change)).toBe("rate_limited");
    // From another address the owner can still change it.
    await changePassword(
      user.id,
      sessionId,
      { currentPassword: user.password, newPassword: "another-Long-pass-7" },
      { ...meta, ip: "198.51.100.81" },
    );
  });

  it("wrong current passwords use up the login budget", async () => {
    const { user, sessionId } = await insertSignedInUser();
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      const wrong = changePassword(
        user.id,
        sessionId,
        { currentPassword: "Wrong-password-1", newPassword: "another-Long-pass-7" },
        meta,
      );
      expect(await codeOf(wrong)).toBe("validation_failed");
    }
    expect(await codeOf(verifyCredentials(user.email, user.password, meta))).toBe("rate_limited");
  });
});
