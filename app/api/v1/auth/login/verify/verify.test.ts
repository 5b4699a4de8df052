import { describe, expect, it } from "vitest";
import { CHALLENGE_TTL_SECONDS } from "@/lib/auth/mfa/challenge";
import { passkeyRegistrationOptions, registerPasskey } from "@/lib/auth/mfa/passkeys";
import { generateRecoveryCodes } from "@/lib/auth/mfa/recovery-codes";
import { insertUserWithTotp, totpCodeAt } from "@/lib/auth/mfa/test-fixtures";
import { DEVICE_COOKIE_NAME } from "@/lib/auth/device-cookie";
import { sha256 } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { call, insertUser, sessionCookieFrom, STRONG_PASSWORD, TEST_META } from "@/lib/testing/fixtures";
import { SoftwareAuthenticator } from "@/lib/testing/webauthn";
import { GET as me } from "../../../me/route";
import { POST as token } from "../../token/route";
import { POST as login } from "../route";
import { POST as passkeyOptions } from "./passkey-options/route";
import { POST as verify } from "./route";

type MfaRequired = { code: string; status: number; mfaToken: string; methods: string[] };

async function firstStep(identifier: string, headers: Record<string, string> = {}) {
  const response = await call(login, "POST", "/api/v1/auth/login", {
    body: { identifier, password: STRONG_PASSWORD },
    headers,
  });
  return { response, cookie: sessionCookieFrom(response) };
}

async function mfaTokenFor(identifier: string): Promise<string> {
  const { response } = await firstStep(identifier);
  expect(response.status).toBe(403);
  return ((await response.json()) as MfaRequired).mfaToken;
}

const second = (body: unknown, headers: Record<string, string> = {}) =>
  call(verify, "POST", "/api/v1/auth/login/verify", { body, headers });
const codeNow = (secret: string, steps = 0) => totpCodeAt(secret, Date.now() + steps * 30_000);

describe("POST /api/v1/auth/login for an account with a second factor", () => {
  it("answers 403 mfa_required with an mfaToken and the account's methods, and starts no session", async () => {
    const { user } = await insertUserWithTotp();
    await generateRecoveryCodes(user.id, TEST_META);
    const { response, cookie } = await firstStep(user.username);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = (await expectDocumentedResponse(response, "/api/v1/auth/login", "post")) as MfaRequired;
    expect(body).toMatchObject({ status: 403, code: "mfa_required", methods: ["totp", "recovery_code"] });
    expect(body.mfaToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "login.succeeded" } })).toBe(0);
  });

  it("still signs an account without a factor straight in, and answers a wrong password as before", async () => {
    const user = await insertUser();
    expect((await firstStep(user.username)).response.status).toBe(200);
    const { user: withTotp } = await insertUserWithTotp();
    const wrong = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: withTotp.username, password: "Wrong-password-1" },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).not.toHaveProperty("mfaToken");
  });
});

describe("POST /api/v1/auth/login/verify", () => {
  it("signs in with the app's code: the user, a session cookie and a device cookie, audited with the factor", async () => {
    const { user, secret } = await insertUserWithTotp();
    const mfaToken = await mfaTokenFor(user.email);
    const response = await second({ mfaToken, code: await codeNow(secret) });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await expectDocumentedResponse(response, "/api/v1/auth/login/verify", "post")) as {
      user: { id: string };
    };
    expect(body.user.id).toBe(user.id);
    const cookie = sessionCookieFrom(response)!;
    expect(response.headers.getSetCookie().some((header) => header.startsWith(`${DEVICE_COOKIE_NAME}=`))).toBe(true);
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(200);
    const event = await db.auditEvent.findFirst({ where: { userId: user.id, type: "login.succeeded" } });
    expect(event?.data).toMatchObject({ mfa: "totp" });
  });

  it("uses the mfaToken up: presenting it again is 400 invalid_token", async () => {
    const { user, secret } = await insertUserWithTotp();
    const mfaToken = await mfaTokenFor(user.username);
    expect((await second({ mfaToken, code: await codeNow(secret) })).status).toBe(200);
    const replay = await second({ mfaToken, code: await codeNow(secret, 1) });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: "invalid_token" });
  });

  it("answers a wrong code 401 and keeps the mfaToken for the right one", async () => {
    const { user, secret } = await insertUserWithTotp();
    const mfaToken = await mfaTokenFor(user.username);
    const right = await codeNow(secret);
    const wrong = right === "000000" ? "111111" : "000000";
    const refused = await second({ mfaToken, code: wrong });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: "invalid_credentials" });
    expect(sessionCookieFrom(refused)).toBeNull();
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "mfa.failed" } })).toBe(1);
    expect((await second({ mfaToken, code: right })).status).toBe(200);
  });

  it("takes a recovery code instead, once", async () => {
    const { user } = await insertUserWithTotp();
    const [code] = await generateRecoveryCodes(user.id, TEST_META);
    const first = await second({ mfaToken: await mfaTokenFor(user.username), recoveryCode: code });
    expect(first.status).toBe(200);
    const again = await second({ mfaToken: await mfaTokenFor(user.username), recoveryCode: code });
    expect(again.status).toBe(401);
    const event = await db.auditEvent.findFirst({ where: { userId: user.id, type: "login.succeeded" } });
    expect(event?.data).toMatchObject({ mfa: "recovery_code" });
  });

  it("takes a passkey of the account, with options that leave the mfaToken usable", async () => {
    const user = await insertUser();
    const authenticator = new SoftwareAuthenticator();
    const registration = await passkeyRegistrationOptions(user.id);
    await registerPasskey(
      user.id,
      { challengeId: registration.challengeId, response: authenticator.register(registration.options), name: "Key" },
      TEST_META,
    );
    const { response } = await firstStep(user.username);
    const { mfaToken, methods } = (await response.json()) as MfaRequired;
    // A first passkey comes with recovery codes (lib/auth/mfa/passkeys.ts).
    expect(methods).toEqual(["recovery_code", "passkey"]);
    const optionsResponse = await call(passkeyOptions, "POST", "/api/v1/auth/login/verify/passkey-options", {
      body: { mfaToken },
    });
    const { options, challengeId } = (await expectDocumentedResponse(
      optionsResponse,
      "/api/v1/auth/login/verify/passkey-options",
      "post",
    )) as { options: { allowCredentials: { id: string }[] }; challengeId: string };
    expect(options.allowCredentials).toHaveLength(1);
    const passkey = { challengeId, response: authenticator.authenticate(options as never) };
    const signedIn = await second({ mfaToken, passkey });
    expect(signedIn.status).toBe(200);
    expect(sessionCookieFrom(signedIn)).toBeTruthy();
  });

  it("refuses the token endpoint's mfa_token, an expired one and an unknown one", async () => {
    const { user, secret } = await insertUserWithTotp();
    const grant = await call(token, "POST", "/api/v1/auth/token", {
      body: { grant_type: "password", identifier: user.username, password: STRONG_PASSWORD },
    });
    const { mfa_token } = (await grant.json()) as { mfa_token: string };
    const code = await codeNow(secret);
    expect(await (await second({ mfaToken: mfa_token, code })).json()).toMatchObject({ code: "invalid_token" });

    const expired = await mfaTokenFor(user.username);
    await db.signInChallenge.update({
      where: { tokenHash: sha256(expired) },
      data: { expiresAt: new Date(Date.now() - CHALLENGE_TTL_SECONDS * 1000) },
    });
    expect((await second({ mfaToken: expired, code })).status).toBe(400);
    expect((await second({ mfaToken: "A".repeat(43), code })).status).toBe(400);
    for (const mfaToken of [expired, "A".repeat(43)]) {
      expect((await call(passkeyOptions, "POST", "/x", { body: { mfaToken } })).status).toBe(400);
    }
  });

  it("answers malformed, incomplete, ambiguous and oversized bodies with 400 or 413, never 500", async () => {
    const { user, secret } = await insertUserWithTotp();
    const mfaToken = await mfaTokenFor(user.username);
    const code = await codeNow(secret);
    const bad: unknown[] = [
      {},
      { mfaToken },
      { code },
      { mfaToken, code: "12345" },
      { mfaToken, code: 123456 },
      { mfaToken, code, recoveryCode: "abcde-fghjk" },
      { mfaToken: "x".repeat(500), code },
      { mfaToken: ["a"], code },
      { mfaToken, passkey: { challengeId: "x" } },
      { mfaToken, passkey: "yes" },
      { mfaToken, recoveryCode: "y".repeat(65) },
      null,
      [],
    ];
    for (const body of bad) expect((await second(body)).status, JSON.stringify(body)).toBe(400);
    const raw = (text: string) =>
      call(verify, "POST", "/x", { raw: text, headers: { "content-type": "application/json" } });
    expect((await raw("{not json")).status).toBe(400);
    expect((await raw(JSON.stringify({ mfaToken, code, pad: "x".repeat(20_000) }))).status).toBe(413);
    // None of it used the challenge up.
    expect((await second({ mfaToken, code })).status).toBe(200);
  });

  it("refuses a cross-site request, and an account disabled since its password was right", async () => {
    const { user, secret } = await insertUserWithTotp();
    const mfaToken = await mfaTokenFor(user.username);
    const crossSite = await second(
      { mfaToken, code: await codeNow(secret) },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date(), isActive: false } });
    const disabled = await second({ mfaToken, code: await codeNow(secret) });
    expect(disabled.status).toBe(403);
    expect(await disabled.json()).toMatchObject({ code: "account_disabled" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("replaces the session the browser's cookie carried, as a login does", async () => {
    const { user, secret } = await insertUserWithTotp();
    const other = await insertUser();
    const { cookie: old } = await firstStep(other.username);
    const mfaToken = await mfaTokenFor(user.username);
    const response = await call(verify, "POST", "/x", {
      body: { mfaToken, code: await codeNow(secret) },
      cookie: old,
    });
    expect(response.status).toBe(200);
    expect((await call(me, "GET", "/api/v1/me", { cookie: old })).status).toBe(401);
  });
});
