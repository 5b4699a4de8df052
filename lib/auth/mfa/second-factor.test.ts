import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { config } from "../../config";
import { db } from "../../db";
import { appErrorFrom } from "../../testing/app-error";
import { insertUser, STRONG_PASSWORD, TEST_META } from "../../testing/fixtures";
import { SoftwareAuthenticator } from "../../testing/webauthn";
import { verifyCredentials } from "../session/sign-in";
import { passkeyAuthenticationOptions, passkeyRegistrationOptions, registerPasskey } from "./passkeys";
import { generateRecoveryCodes } from "./recovery-codes";
import { verifySecondFactor } from "./second-factor";
import { insertUserWithTotp, totpCodeAt } from "./test-fixtures";

const codeOf = async (work: Promise<unknown>) => (await appErrorFrom(work)).code;
const THRESHOLD = config.auth.lockoutThreshold;

let address = 0;
/** A fresh client address each time, so the per-address budget never decides these tests. */
const from = () => ({ ...TEST_META, ip: `198.51.100.${(address = (address % 250) + 1)}` });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Past any delay between failures, and into a later time step (a new code). */
const later = () => vi.setSystemTime(Date.now() + 16 * 60 * 1000);
const codeNow = (secret: string) => totpCodeAt(secret, Date.now());
/** A 6-digit code that is not the app's current, previous or next one. */
async function wrongCode(secret: string): Promise<string> {
  const near = await Promise.all([-1, 0, 1].map((step) => totpCodeAt(secret, Date.now() + step * 30_000)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!near.includes(candidate)) return candidate;
  }
}

async function failedChecks(userId: string) {
  return db.auditEvent.findMany({ where: { userId, type: "mfa.failed" }, select: { data: true } });
}

describe("verifySecondFactor", () => {
  it("takes the app's current code once: the same code again is refused", async () => {
    const { user, secret } = await insertUserWithTotp();
    const code = await codeNow(secret);
    expect(await verifySecondFactor(user.id, { code }, from())).toBe("totp");
    const again = await appErrorFrom(verifySecondFactor(user.id, { code }, from()));
    expect(again).toMatchObject({ code: "invalid_credentials", status: 401, message: "That code is not correct." });
    expect(await failedChecks(user.id)).toEqual([{ data: { method: "totp" } }]);
  });

  it("refuses a wrong code, a code for an account without an app, and says nothing more", async () => {
    const { user, secret } = await insertUserWithTotp();
    expect(await codeOf(verifySecondFactor(user.id, { code: await wrongCode(secret) }, from()))).toBe(
      "invalid_credentials",
    );
    const plain = await insertUser();
    expect(await codeOf(verifySecondFactor(plain.id, { code: await codeNow(secret) }, from()))).toBe(
      "invalid_credentials",
    );
    expect(await failedChecks(plain.id)).toEqual([{ data: { method: "totp" } }]);
  });

  it("takes each recovery code once", async () => {
    const { user } = await insertUserWithTotp();
    const [first] = await generateRecoveryCodes(user.id, TEST_META);
    expect(await verifySecondFactor(user.id, { recoveryCode: first!.toUpperCase() }, from())).toBe("recovery_code");
    expect(await codeOf(verifySecondFactor(user.id, { recoveryCode: first! }, from()))).toBe("invalid_credentials");
    expect(await failedChecks(user.id)).toEqual([{ data: { method: "recovery_code" } }]);
  });

  it("takes a passkey of the account for a challenge issued to it, never another account's", async () => {
    const user = await insertUser();
    const authenticator = new SoftwareAuthenticator();
    const registration = await passkeyRegistrationOptions(user.id);
    await registerPasskey(
      user.id,
      { challengeId: registration.challengeId, response: authenticator.register(registration.options), name: "Key" },
      TEST_META,
    );
    const own = await passkeyAuthenticationOptions(user.id);
    const passkey = { challengeId: own.challengeId, response: authenticator.authenticate(own.options) };
    expect(await verifySecondFactor(user.id, { passkey }, from())).toBe("passkey");

    const other = await insertUser();
    const theirs = await passkeyAuthenticationOptions(other.id);
    const borrowed = { challengeId: theirs.challengeId, response: authenticator.authenticate(theirs.options) };
    expect(await appErrorFrom(verifySecondFactor(other.id, { passkey: borrowed }, from()))).toMatchObject({
      code: "invalid_credentials",
      message: "The passkey could not confirm it's you.",
    });
  });
});

describe("second-step guesses share the account's brute-force budget", () => {
  it("wrong passwords and wrong codes add up to one lock, which refuses the right code and password", async () => {
    const { user, secret } = await insertUserWithTotp();
    const half = Math.ceil(THRESHOLD / 2);
    for (let i = 0; i < half; i++) {
      expect(await codeOf(verifyCredentials(user.username, "Wrong-password-1", from()))).toBe("invalid_credentials");
      later();
    }
    for (let i = half; i < THRESHOLD; i++) {
      expect(await codeOf(verifySecondFactor(user.id, { code: await wrongCode(secret) }, from()))).toBe(
        "invalid_credentials",
      );
      later();
    }
    const locked = await appErrorFrom(verifySecondFactor(user.id, { code: await codeNow(secret) }, from()));
    expect(locked.code).toBe("rate_limited");
    expect(Number(locked.headers?.["Retry-After"])).toBeGreaterThan(3600);
    expect(await codeOf(verifyCredentials(user.email, STRONG_PASSWORD, from()))).toBe("rate_limited");
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "account.locked" } })).toBeLessThanOrEqual(1);
  });

  it("a right password does not wipe the failures while its second step is still to come", async () => {
    const { user, secret } = await insertUserWithTotp();
    for (let i = 0; i < THRESHOLD - 1; i++) {
      await verifyCredentials(user.username, "Wrong-password-1", from()).catch(() => undefined);
      later();
    }
    // The password is right: the sign-in goes on to its second step, but the count stands...
    expect((await verifyCredentials(user.username, STRONG_PASSWORD, from())).secondFactor).toMatchObject({
      totp: true,
    });
    later();
    // ...so the next wrong code is the one that locks the account.
    expect(await codeOf(verifySecondFactor(user.id, { code: await wrongCode(secret) }, from()))).toBe(
      "invalid_credentials",
    );
    later();
    expect(await codeOf(verifySecondFactor(user.id, { code: await codeNow(secret) }, from()))).toBe("rate_limited");
  });

  it("without a second factor, the right password still clears the failures", async () => {
    const user = await insertUser();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < THRESHOLD - 1; i++) {
        await verifyCredentials(user.username, "Wrong-password-1", from()).catch(() => undefined);
        later();
      }
      expect((await verifyCredentials(user.username, user.password, from())).secondFactor).toBeNull();
      later();
    }
  });

  it("the right second factor completes the sign-in and clears the failures", async () => {
    const { user, secret } = await insertUserWithTotp();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < THRESHOLD - 1; i++) {
        await verifySecondFactor(user.id, { code: await wrongCode(secret) }, from()).catch(() => undefined);
        later();
      }
      expect(await verifySecondFactor(user.id, { code: await codeNow(secret) }, from())).toBe("totp");
      later();
    }
  });
});
