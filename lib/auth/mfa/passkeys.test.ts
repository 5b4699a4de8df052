import { describe, expect, it } from "vitest";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "../../db";
import { redis } from "../../redis";
import { appErrorFrom } from "../../testing/app-error";
import { insertUser, queuedEmails, TEST_META } from "../../testing/fixtures";
import { SoftwareAuthenticator } from "../../testing/webauthn";
import {
  checkPasskeyAuthentication,
  listPasskeys,
  MAX_PASSKEYS,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  passkeyUserHandle,
  registerPasskey,
  removePasskey,
  renamePasskey,
  verifyPasskeyAuthentication,
} from "./passkeys";
import { CHALLENGE_TTL_SECONDS, relyingParty, storeChallenge, takeChallenge } from "./webauthn-challenges";

async function expectAppError(work: Promise<unknown>, code: string) {
  expect((await appErrorFrom(work)).code).toBe(code);
}

/** A user with one passkey registered through the real ceremony, and the authenticator holding it. */
async function userWithPasskey(name = "Laptop") {
  const user = await insertUser();
  const authenticator = new SoftwareAuthenticator();
  const { options, challengeId } = await passkeyRegistrationOptions(user.id);
  const passkey = await registerPasskey(
    user.id,
    { challengeId, response: authenticator.register(options), name },
    TEST_META,
  );
  return { user, authenticator, passkey };
}

/** A discoverable sign-in ceremony answered by `authenticator` (with `overrides`). */
async function discoverable(
  authenticator: SoftwareAuthenticator,
  overrides: Parameters<SoftwareAuthenticator["authenticate"]>[1] = {},
) {
  const { options, challengeId } = await passkeyAuthenticationOptions(null);
  return { challengeId, response: authenticator.authenticate(options, overrides) };
}

describe("relying party and challenges", () => {
  it("takes the RP ID and the only accepted origin from APP_URL", () => {
    expect(relyingParty()).toEqual({ id: "localhost", name: "Authcore", origins: ["http://localhost:3000"] });
  });

  it("keeps a challenge 5 minutes and hands it out once", async () => {
    const data = { purpose: "authentication", challenge: "abc", userId: null, userVerification: "required" } as const;
    const id = await storeChallenge(data);
    expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const ttl = await redis.ttl(`webauthn:challenge:${id}`);
    expect(ttl).toBeGreaterThan(CHALLENGE_TTL_SECONDS - 5);
    expect(ttl).toBeLessThanOrEqual(CHALLENGE_TTL_SECONDS);
    expect(await takeChallenge(id)).toEqual(data);
    expect(await takeChallenge(id)).toBeNull();
  });

  it("finds nothing for malformed, unknown or corrupted ids", async () => {
    for (const id of ["", "x", "a".repeat(33), "../../etc/passwd", "a".repeat(31) + "*", "b".repeat(32)]) {
      expect(await takeChallenge(id)).toBeNull();
    }
    expect(await takeChallenge(42 as unknown as string)).toBeNull();
    const corrupted = "c".repeat(32);
    await redis.set(`webauthn:challenge:${corrupted}`, "{not json");
    expect(await takeChallenge(corrupted)).toBeNull();
    await redis.set(`webauthn:challenge:${corrupted}`, JSON.stringify({ purpose: "other" }));
    expect(await takeChallenge(corrupted)).toBeNull();
  });
});

describe("registration", () => {
  it("asks for a discoverable, user-verified credential with a stable opaque user handle, excluding the user's own", async () => {
    const user = await insertUser();
    const first = await passkeyRegistrationOptions(user.id);
    expect(first.options).toMatchObject({
      rp: { id: "localhost", name: "Authcore" },
      user: { name: user.username, id: Buffer.from(passkeyUserHandle(user.id)).toString("base64url") },
      attestation: "none",
      authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
      excludeCredentials: [],
    });
    expect(first.options.user.id).not.toContain(user.id);
    expect(first.challengeId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const authenticator = new SoftwareAuthenticator();
    await registerPasskey(
      user.id,
      { challengeId: first.challengeId, response: authenticator.register(first.options), name: "Phone" },
      TEST_META,
    );
    const second = await passkeyRegistrationOptions(user.id);
    expect(second.options.user.id).toBe(first.options.user.id);
    expect(second.options.challenge).not.toBe(first.options.challenge);
    expect(second.options.excludeCredentials).toEqual([
      { id: [...authenticator.credentials.keys()][0], type: "public-key", transports: ["internal"] },
    ]);
  });

  it("stores a verified passkey, audits it and emails the owner", async () => {
    const { user, passkey } = await userWithPasskey("  My laptop  ");
    expect(passkey).toEqual({
      id: expect.any(String),
      name: "My laptop",
      createdAt: expect.any(String),
      recoveryCodes: expect.any(Array),
    });
    // The account's first factor: its first recovery codes come with it (the email is the passkey's).
    expect(passkey.recoveryCodes).toHaveLength(10);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
    const row = await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(row).toMatchObject({ userId: user.id, counter: 0n, transports: ["internal"], backedUp: false });
    expect(row.publicKey.length).toBeGreaterThan(60);
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "mfa.passkey_added" } }),
    ).toMatchObject({ ip: TEST_META.ip, data: { passkeyId: passkey.id, name: "My laptop" } });
    expect(await queuedEmails(user.email)).toMatchObject([
      { template: "security-notice", data: { event: "passkey-added", ip: TEST_META.ip } },
    ]);
  });

  it("refuses a replayed challenge, another user's challenge and an authentication challenge", async () => {
    const user = await insertUser();
    const other = await insertUser();
    const authenticator = new SoftwareAuthenticator();
    const { options, challengeId } = await passkeyRegistrationOptions(user.id);
    const response = authenticator.register(options);
    await registerPasskey(user.id, { challengeId, response, name: "A" }, TEST_META);
    await expectAppError(
      registerPasskey(user.id, { challengeId, response: authenticator.register(options), name: "B" }, TEST_META),
      "validation_failed",
    );

    const foreign = await passkeyRegistrationOptions(other.id);
    await expectAppError(
      registerPasskey(
        user.id,
        { challengeId: foreign.challengeId, response: authenticator.register(foreign.options), name: "C" },
        TEST_META,
      ),
      "validation_failed",
    );
    const signIn = await passkeyAuthenticationOptions(user.id);
    await expectAppError(
      registerPasskey(
        user.id,
        {
          challengeId: signIn.challengeId,
          response: authenticator.register({ ...options, challenge: signIn.options.challenge }),
          name: "D",
        },
        TEST_META,
      ),
      "validation_failed",
    );
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.passkey.count({ where: { userId: other.id } })).toBe(0);
  });

  it.each([
    ["another origin", { origin: "https://evil.example" }],
    ["another port of the host", { origin: "http://localhost:3001" }],
    ["another RP ID", { rpId: "evil.example" }],
    ["another challenge", { challenge: "c29tZXRoaW5nIGVsc2U" }],
    ["no user verification", { userVerified: false }],
  ])("refuses a credential made with %s", async (_what, overrides) => {
    const user = await insertUser();
    const { options, challengeId } = await passkeyRegistrationOptions(user.id);
    const response = new SoftwareAuthenticator().register(options, overrides);
    await expectAppError(
      registerPasskey(user.id, { challengeId, response, name: "X" }, TEST_META),
      "validation_failed",
    );
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses malformed responses and names with a 400, never another error", async () => {
    const user = await insertUser();
    const hostile: unknown[] = [
      null,
      "x",
      [],
      {},
      { id: "abc", rawId: "abc", type: "public-key", response: {} },
      { id: "abc", rawId: "abc", type: "public-key", response: { clientDataJSON: "!!!", attestationObject: "AA" } },
      { id: "abc", rawId: "abc", type: "public-key", response: { clientDataJSON: "AA", attestationObject: "AA" } },
      {
        id: "a".repeat(5000),
        rawId: "a",
        type: "public-key",
        response: { clientDataJSON: "e30", attestationObject: "oA" },
      },
      { __proto__: { polluted: true }, id: "abc", rawId: "abc", type: "public-key" },
    ];
    for (const response of hostile) {
      const { challengeId } = await passkeyRegistrationOptions(user.id);
      await expectAppError(
        registerPasskey(user.id, { challengeId, response: response as never, name: "X" }, TEST_META),
        "validation_failed",
      );
    }
    const { options, challengeId } = await passkeyRegistrationOptions(user.id);
    const response = new SoftwareAuthenticator().register(options);
    for (const name of ["", "   ", "a\u0000b", "x".repeat(65), 42]) {
      await expectAppError(
        registerPasskey(user.id, { challengeId, response, name: name as string }, TEST_META),
        "validation_failed",
      );
    }
    // The bad names were refused before the challenge was touched: it still works.
    expect((await registerPasskey(user.id, { challengeId, response, name: "é".repeat(64) }, TEST_META)).name).toBe(
      "é".repeat(64),
    );
  });

  it(`holds at most ${MAX_PASSKEYS} passkeys per account`, async () => {
    const user = await insertUser();
    await db.passkey.createMany({
      data: Array.from({ length: MAX_PASSKEYS }, (_, i) => ({
        userId: user.id,
        credentialId: `cred-${user.id}-${i}`,
        publicKey: new Uint8Array([1]),
        name: `Key ${i}`,
      })),
    });
    await expectAppError(passkeyRegistrationOptions(user.id), "conflict");
  });

  it("answers 401 for an account that is gone or disabled", async () => {
    const user = await insertUser({ isActive: false });
    await expectAppError(passkeyRegistrationOptions(user.id), "unauthorized");
    await expectAppError(passkeyRegistrationOptions("nobody"), "unauthorized");
  });
});

describe("authentication", () => {
  it("a discoverable sign-in names the passkey's user and moves the counter and last use forward", async () => {
    const { user, authenticator, passkey } = await userWithPasskey();
    const { options, challengeId } = await passkeyAuthenticationOptions(null);
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "required" });
    expect(options.allowCredentials ?? []).toEqual([]);
    const response = authenticator.authenticate(options, { counter: 7 });
    expect(await verifyPasskeyAuthentication({ challengeId, response })).toEqual({
      userId: user.id,
      passkeyId: passkey.id,
    });
    const row = await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(row.counter).toBe(7n);
    expect(row.lastUsedAt).toBeInstanceOf(Date);
  });

  it("a second factor lists the user's passkeys and is satisfied by presence alone", async () => {
    const { user, authenticator, passkey } = await userWithPasskey();
    const { options, challengeId } = await passkeyAuthenticationOptions(user.id);
    expect(options).toMatchObject({ userVerification: "preferred" });
    expect(options.allowCredentials).toEqual([
      { id: [...authenticator.credentials.keys()][0], type: "public-key", transports: ["internal"] },
    ]);
    const response = authenticator.authenticate(options, { userVerified: false });
    expect(await verifyPasskeyAuthentication({ challengeId, response, userId: user.id })).toEqual({
      userId: user.id,
      passkeyId: passkey.id,
    });
  });

  it("refuses a replayed challenge", async () => {
    const { authenticator } = await userWithPasskey();
    const { challengeId, response } = await discoverable(authenticator);
    expect(await verifyPasskeyAuthentication({ challengeId, response })).not.toBeNull();
    expect(await verifyPasskeyAuthentication({ challengeId, response })).toBeNull();
  });

  it("refuses an expired challenge", async () => {
    const { authenticator } = await userWithPasskey();
    const { challengeId, response } = await discoverable(authenticator);
    await redis.pexpire(`webauthn:challenge:${challengeId}`, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await checkPasskeyAuthentication({ challengeId, response })).toMatchObject({
      ok: false,
      reason: "unknown_challenge",
    });
  });

  it("refuses a failed attempt's challenge afterwards: every attempt uses it up", async () => {
    const { authenticator } = await userWithPasskey();
    const { options, challengeId } = await passkeyAuthenticationOptions(null);
    const bad = authenticator.authenticate(options, { origin: "https://evil.example" });
    expect(await verifyPasskeyAuthentication({ challengeId, response: bad })).toBeNull();
    const good = authenticator.authenticate(options);
    expect(await verifyPasskeyAuthentication({ challengeId, response: good })).toBeNull();
  });

  it.each([
    ["another origin", { origin: "https://evil.example" }, "invalid_response"],
    ["the https origin when APP_URL is http", { origin: "https://localhost:3000" }, "invalid_response"],
    ["another RP ID", { rpId: "evil.example" }, "invalid_response"],
    ["another challenge", { challenge: "c29tZXRoaW5nIGVsc2U" }, "invalid_response"],
    ["no user verification on a discoverable sign-in", { userVerified: false }, "user_not_verified"],
    ["another user handle", { userHandle: "b3RoZXI" }, "user_handle_mismatch"],
  ])("refuses an assertion with %s", async (_what, overrides, reason) => {
    const { authenticator, passkey } = await userWithPasskey();
    const { challengeId, response } = await discoverable(authenticator, overrides);
    expect(await checkPasskeyAuthentication({ challengeId, response })).toMatchObject({ ok: false, reason });
    expect((await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).lastUsedAt).toBeNull();
  });

  it("accepts an assertion without a user handle (the credential id names the passkey)", async () => {
    const { authenticator, user } = await userWithPasskey();
    const { challengeId, response } = await discoverable(authenticator, { userHandle: null });
    expect(await verifyPasskeyAuthentication({ challengeId, response })).toMatchObject({ userId: user.id });
  });

  it("refuses a bad signature", async () => {
    const { authenticator } = await userWithPasskey();
    const { challengeId, response } = await discoverable(authenticator);
    const signature = Buffer.from(response.response.signature, "base64url");
    signature[signature.length - 1]! ^= 0xff;
    const tampered = { ...response, response: { ...response.response, signature: signature.toString("base64url") } };
    expect(await checkPasskeyAuthentication({ challengeId, response: tampered })).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses another user's passkey as a second factor, and a challenge issued to another user", async () => {
    const alice = await userWithPasskey();
    const mallory = await userWithPasskey();
    // Mallory answers Alice's second-step challenge with her own passkey.
    const forAlice = await passkeyAuthenticationOptions(alice.user.id);
    const response = mallory.authenticator.authenticate({ ...forAlice.options, allowCredentials: [] });
    expect(
      await checkPasskeyAuthentication({ challengeId: forAlice.challengeId, response, userId: alice.user.id }),
    ).toMatchObject({ ok: false, reason: "credential_of_another_user", userId: mallory.user.id });
    // A challenge issued for Mallory's second step does not serve Alice's.
    const forMallory = await passkeyAuthenticationOptions(mallory.user.id);
    const aliceAnswer = alice.authenticator.authenticate({ ...forMallory.options, allowCredentials: [] });
    expect(
      await verifyPasskeyAuthentication({
        challengeId: forMallory.challengeId,
        response: aliceAnswer,
        userId: alice.user.id,
      }),
    ).toBeNull();
  });

  it("keeps second-step and discoverable challenges apart, and registration ones out", async () => {
    const { user, authenticator } = await userWithPasskey();
    // A second-step challenge (verification only preferred) cannot sign in on its own.
    const secondStep = await passkeyAuthenticationOptions(user.id);
    const response = authenticator.authenticate(secondStep.options);
    expect(await verifyPasskeyAuthentication({ challengeId: secondStep.challengeId, response })).toBeNull();
    // A discoverable challenge is not a second step of a named user either.
    const open = await discoverable(authenticator);
    expect(await verifyPasskeyAuthentication({ ...open, userId: user.id })).toBeNull();
    // Nor is a registration challenge.
    const registration = await passkeyRegistrationOptions(user.id);
    const answer = authenticator.authenticate({ challenge: registration.options.challenge, rpId: "localhost" });
    expect(await verifyPasskeyAuthentication({ challengeId: registration.challengeId, response: answer })).toBeNull();
  });

  it("refuses a counter that does not move forward (a cloned authenticator), but allows authenticators without one", async () => {
    const { authenticator, passkey } = await userWithPasskey();
    expect(await verifyPasskeyAuthentication(await discoverable(authenticator, { counter: 5 }))).not.toBeNull();
    expect(await checkPasskeyAuthentication(await discoverable(authenticator, { counter: 3 }))).toMatchObject({
      ok: false,
      reason: "counter_regression",
    });
    expect(await verifyPasskeyAuthentication(await discoverable(authenticator, { counter: 5 }))).toBeNull();
    expect((await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).counter).toBe(5n);
    expect(await verifyPasskeyAuthentication(await discoverable(authenticator, { counter: 6 }))).not.toBeNull();

    const counterless = await userWithPasskey();
    for (let i = 0; i < 2; i += 1) {
      expect(await verifyPasskeyAuthentication(await discoverable(counterless.authenticator, { counter: 0 }))).toEqual({
        userId: counterless.user.id,
        passkeyId: counterless.passkey.id,
      });
    }
  });

  it("lets only one of two assertions racing on the same counter through", async () => {
    const { authenticator } = await userWithPasskey();
    const first = await discoverable(authenticator, { counter: 1 });
    const second = await discoverable(authenticator, { counter: 1 });
    const results = await Promise.all([verifyPasskeyAuthentication(first), verifyPasskeyAuthentication(second)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("answers null, never a throw, for unknown credentials and hostile input", async () => {
    const { authenticator } = await userWithPasskey();
    const stranger = new SoftwareAuthenticator();
    stranger.register((await passkeyRegistrationOptions((await insertUser()).id)).options);
    expect(await checkPasskeyAuthentication(await discoverable(stranger))).toMatchObject({
      ok: false,
      reason: "unknown_credential",
      userId: null,
    });
    const { options } = await passkeyAuthenticationOptions(null);
    const valid = authenticator.authenticate(options);
    const hostile: unknown[] = [
      null,
      undefined,
      "response",
      42,
      [],
      {},
      { ...valid, type: "password" },
      { ...valid, id: "not base64url!" },
      { ...valid, rawId: "AAAA" },
      { ...valid, response: null },
      { ...valid, response: { ...valid.response, signature: "" } },
      { ...valid, response: { ...valid.response, authenticatorData: "AA" } },
      { ...valid, response: { ...valid.response, clientDataJSON: Buffer.from("{").toString("base64url") } },
      { ...valid, response: { ...valid.response, clientDataJSON: Buffer.from("null").toString("base64url") } },
      { ...valid, response: { ...valid.response, signature: "A".repeat(5000) } },
      { ...valid, response: { ...valid.response, userHandle: 7 } },
      JSON.parse('{"__proto__": {"isAdmin": true}, "id": "x"}'),
    ];
    for (const response of hostile) {
      const { challengeId } = await passkeyAuthenticationOptions(null);
      await expect(
        verifyPasskeyAuthentication({ challengeId, response: response as AuthenticationResponseJSON }),
      ).resolves.toBeNull();
    }
    for (const challengeId of ["", "short", "x".repeat(10_000), null]) {
      await expect(
        verifyPasskeyAuthentication({ challengeId: challengeId as string, response: valid }),
      ).resolves.toBeNull();
    }
  });
});

describe("managing passkeys", () => {
  it("lists the user's own passkeys, oldest first", async () => {
    const { user, authenticator } = await userWithPasskey("First");
    const { options, challengeId } = await passkeyRegistrationOptions(user.id);
    await registerPasskey(user.id, { challengeId, response: authenticator.register(options), name: "Second" }, null);
    await userWithPasskey("Someone else's");
    const list = await listPasskeys(user.id);
    expect(list.map((p) => p.name)).toEqual(["First", "Second"]);
    expect(list[0]).toEqual({
      id: expect.any(String),
      name: "First",
      createdAt: expect.any(String),
      lastUsedAt: null,
      deviceType: "singleDevice",
      backedUp: false,
    });
  });

  it("renames a passkey (audited), and answers 404 for someone else's", async () => {
    const { user, passkey } = await userWithPasskey();
    const other = await userWithPasskey();
    expect(await renamePasskey(user.id, passkey.id, " Work key ", TEST_META)).toMatchObject({
      id: passkey.id,
      name: "Work key",
    });
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "mfa.passkey_renamed" } }),
    ).toMatchObject({ data: { passkeyId: passkey.id, name: "Work key" } });
    await expectAppError(renamePasskey(user.id, other.passkey.id, "Mine now", TEST_META), "not_found");
    await expectAppError(renamePasskey(user.id, "no-such-id", "Mine now", TEST_META), "not_found");
    await expectAppError(renamePasskey(user.id, passkey.id, "\u0007", TEST_META), "validation_failed");
    expect((await db.passkey.findUniqueOrThrow({ where: { id: other.passkey.id } })).name).toBe("Laptop");
  });

  it("removes a passkey (audited and emailed), and answers 404 for someone else's", async () => {
    const { user, passkey } = await userWithPasskey();
    const other = await userWithPasskey();
    await expectAppError(removePasskey(user.id, other.passkey.id, TEST_META), "not_found");
    expect(await db.passkey.count({ where: { id: other.passkey.id } })).toBe(1);
    await removePasskey(user.id, passkey.id, TEST_META);
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(0);
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "mfa.passkey_removed" } }),
    ).toMatchObject({ ip: TEST_META.ip, data: { passkeyId: passkey.id, name: "Laptop" } });
    expect((await queuedEmails(user.email)).map((m) => "event" in m.data && m.data.event)).toEqual([
      "passkey-added",
      "passkey-removed",
    ]);
    await expectAppError(removePasskey(user.id, passkey.id, TEST_META), "not_found");
  });

  it("removing the last second factor removes the recovery codes too; another factor keeps them", async () => {
    const codes = (userId: string) =>
      db.recoveryCode.createMany({
        data: [1, 2].map((i) => ({ userId, codeHash: `${userId}:${i}:${Math.random()}` })),
      });
    const solo = await userWithPasskey();
    await codes(solo.user.id);
    await removePasskey(solo.user.id, solo.passkey.id, TEST_META);
    expect(await db.recoveryCode.count({ where: { userId: solo.user.id } })).toBe(0);

    const withTotp = await userWithPasskey();
    await codes(withTotp.user.id);
    await db.totpFactor.create({ data: { userId: withTotp.user.id, secretCipher: "x", confirmedAt: new Date() } });
    const withTotpCodes = await db.recoveryCode.count({ where: { userId: withTotp.user.id } });
    await removePasskey(withTotp.user.id, withTotp.passkey.id, TEST_META);
    expect(await db.recoveryCode.count({ where: { userId: withTotp.user.id } })).toBe(withTotpCodes);

    const twoKeys = await userWithPasskey();
    await codes(twoKeys.user.id);
    const { options, challengeId } = await passkeyRegistrationOptions(twoKeys.user.id);
    await registerPasskey(
      twoKeys.user.id,
      { challengeId, response: twoKeys.authenticator.register(options), name: "Spare" },
      null,
    );
    const twoKeysCodes = await db.recoveryCode.count({ where: { userId: twoKeys.user.id } });
    await removePasskey(twoKeys.user.id, twoKeys.passkey.id, TEST_META);
    expect(await db.recoveryCode.count({ where: { userId: twoKeys.user.id } })).toBe(twoKeysCodes);
  });
});
