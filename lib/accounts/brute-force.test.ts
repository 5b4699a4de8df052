import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { changePassword } from "./password";
import { insertSignedInUser } from "../testing/fixtures";
import { ADDRESS_FAILURE_LIMIT } from "../auth/brute-force";
import { verifyCredentials } from "../auth/session/sign-in";
import { config } from "../config";
import { appErrorFrom } from "../testing/app-error";

const meta = { ip: "198.51.100.80", userAgent: "vitest" };
const NEW_PASSWORD = "another-Long-pass-7";

const codeOf = async (work: Promise<unknown>) => (await appErrorFrom(work)).code;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Past any delay between failures (the rules read Date, which these tests move). */
const waitOutDelays = () => vi.setSystemTime(Date.now() + 16 * 60 * 1000);

describe("password guesses through every form add up to one account lock", () => {
  it("failed logins and wrong current passwords together lock the account, for both forms", async () => {
    const { user } = await insertSignedInUser();
    const half = Math.ceil(config.auth.lockoutThreshold / 2);
    for (let i = 0; i < half; i++) {
      const at = { ...meta, ip: `198.51.100.${10 + i}` };
      expect(await codeOf(verifyCredentials(user.username, "Wrong-password-1", at))).toBe("invalid_credentials");
      waitOutDelays();
    }
    for (let i = half; i < config.auth.lockoutThreshold; i++) {
      const at = { ...meta, ip: `198.51.100.${10 + i}` };
      const wrong = changePassword(user.id, { currentPassword: "Wrong-password-1", newPassword: NEW_PASSWORD }, at);
      expect(await codeOf(wrong)).toBe("validation_failed");
      waitOutDelays();
    }
    const fresh = { ...meta, ip: "198.51.100.200" };
    expect(await codeOf(verifyCredentials(user.email, user.password, fresh))).toBe("rate_limited");
    const change = changePassword(user.id, { currentPassword: user.password, newPassword: NEW_PASSWORD }, fresh);
    expect(await codeOf(change)).toBe("rate_limited");
  });

  it("wrong current passwords are limited per address like sign-ins, before the password is checked", async () => {
    const { user } = await insertSignedInUser();
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) {
      const wrong = changePassword(user.id, { currentPassword: "Wrong-password-1", newPassword: NEW_PASSWORD }, meta);
      expect(await codeOf(wrong)).toBe("validation_failed");
    }
    waitOutDelays();
    const right = changePassword(user.id, { currentPassword: user.password, newPassword: NEW_PASSWORD }, meta);
    expect(await codeOf(right)).toBe("rate_limited");
    // From another address the owner can still change it.
    await changePassword(
      user.id,
      { currentPassword: user.password, newPassword: NEW_PASSWORD },
      {
        ...meta,
        ip: "198.51.100.81",
      },
    );
  });
});
