import { describe, expect, it } from "vitest";
import { generateRecoveryCodes } from "@/lib/auth/mfa/recovery-codes";
import { insertUserWithTotp, totpCodeAt } from "@/lib/auth/mfa/test-fixtures";
import { sha256 } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { call, insertUser, STRONG_PASSWORD, TEST_META } from "@/lib/testing/fixtures";
import { GET as me } from "../../me/route";
import { POST as login } from "../login/route";
import { POST as token } from "./route";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const MFA = "urn:authcore:mfa";

const grant = (fields: Record<string, string>) =>
  call(token, "POST", "/api/v1/auth/token", { raw: new URLSearchParams(fields).toString(), headers: FORM });
const codeNow = (secret: string, steps = 0) => totpCodeAt(secret, Date.now() + steps * 30_000);

async function oauthError(response: Response, error: string): Promise<Record<string, string>> {
  expect(response.status).toBe(400);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = (await response.json()) as Record<string, string>;
  expect(body.error).toBe(error);
  expect(body.error_description).toEqual(expect.any(String));
  return body;
}

async function mfaTokenFor(username: string): Promise<string> {
  const body = await oauthError(
    await grant({ grant_type: "password", identifier: username, password: STRONG_PASSWORD }),
    "mfa_required",
  );
  expect(Object.keys(body).sort()).toEqual(["error", "error_description", "mfa_token"]);
  expect(body.mfa_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return body.mfa_token!;
}

describe("the password grant for an account with a second factor", () => {
  it("answers 400 mfa_required with an mfa_token, and issues no tokens", async () => {
    const { user } = await insertUserWithTotp();
    await mfaTokenFor(user.username);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const challenge = await db.signInChallenge.findFirstOrThrow({ where: { userId: user.id } });
    expect(challenge).toMatchObject({ kind: "TOKEN", method: "password" });
  });
});

describe(`POST /api/v1/auth/token, grant_type=${MFA}`, () => {
  it("exchanges the mfa_token and the app's code for tokens, audited with the factor", async () => {
    const { user, secret } = await insertUserWithTotp();
    const mfaToken = await mfaTokenFor(user.username);
    const response = await grant({ grant_type: MFA, mfa_token: mfaToken, code: await codeNow(secret) });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const tokens = (await response.json()) as { access_token: string; refresh_token: string };
    expect(tokens.access_token.split(".")).toHaveLength(5);
    expect((await call(me, "GET", "/api/v1/me", { bearer: tokens.access_token })).status).toBe(200);
    // A sign-in is audited after its answer: wait for the row.
    await expect
      .poll(async () => (await db.auditEvent.findFirst({ where: { userId: user.id, type: "login.succeeded" } }))?.data)
      .toMatchObject({ via: "token", mfa: "totp" });
  });

  it("takes JSON too, and a recovery code instead of a code", async () => {
    const { user } = await insertUserWithTotp();
    const [recovery] = await generateRecoveryCodes(user.id, TEST_META);
    const response = await call(token, "POST", "/api/v1/auth/token", {
      body: { grant_type: MFA, mfa_token: await mfaTokenFor(user.email), recovery_code: recovery },
    });
    expect(response.status).toBe(200);
  });

  it("refuses a used mfa_token (invalid_grant)", async () => {
    const { user, secret } = await insertUserWithTotp();
    const mfaToken = await mfaTokenFor(user.username);
    expect((await grant({ grant_type: MFA, mfa_token: mfaToken, code: await codeNow(secret) })).status).toBe(200);
    await oauthError(
      await grant({ grant_type: MFA, mfa_token: mfaToken, code: await codeNow(secret, 1) }),
      "invalid_grant",
    );
  });

  it("answers a wrong code invalid_grant and keeps the mfa_token for the right one", async () => {
    const { user, secret } = await insertUserWithTotp();
    const mfaToken = await mfaTokenFor(user.username);
    const right = await codeNow(secret);
    await oauthError(
      await grant({ grant_type: MFA, mfa_token: mfaToken, code: right === "000000" ? "111111" : "000000" }),
      "invalid_grant",
    );
    expect((await grant({ grant_type: MFA, mfa_token: mfaToken, code: right })).status).toBe(200);
  });

  it("refuses an expired mfa_token, an unknown one, and a browser sign-in's mfaToken", async () => {
    const { user, secret } = await insertUserWithTotp();
    const code = await codeNow(secret);
    const expired = await mfaTokenFor(user.username);
    await db.signInChallenge.update({
      where: { tokenHash: sha256(expired) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await oauthError(await grant({ grant_type: MFA, mfa_token: expired, code }), "invalid_grant");
    await oauthError(await grant({ grant_type: MFA, mfa_token: "B".repeat(43), code }), "invalid_grant");
    const browser = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: user.username, password: STRONG_PASSWORD },
    });
    const { mfaToken } = (await browser.json()) as { mfaToken: string };
    await oauthError(await grant({ grant_type: MFA, mfa_token: mfaToken, code }), "invalid_grant");
    // The browser's challenge was not used up by being shown to the wrong endpoint.
    expect(await db.signInChallenge.count({ where: { tokenHash: sha256(mfaToken) } })).toBe(1);
  });

  it("answers missing, ambiguous, malformed and oversized parameters with invalid_request, never 500", async () => {
    const { user, secret } = await insertUserWithTotp();
    const mfaToken = await mfaTokenFor(user.username);
    const code = await codeNow(secret);
    const bad: Record<string, string>[] = [
      { grant_type: MFA },
      { grant_type: MFA, code },
      { grant_type: MFA, mfa_token: mfaToken },
      { grant_type: MFA, mfa_token: mfaToken, code, recovery_code: "abcde-fghjk" },
      { grant_type: MFA, mfa_token: mfaToken, code: "12345" },
      { grant_type: MFA, mfa_token: mfaToken, code: "１２３４５６" },
      { grant_type: MFA, mfa_token: "x".repeat(300), code },
      { grant_type: MFA, mfa_token: "not a token!", code },
      { grant_type: MFA, mfa_token: mfaToken, recovery_code: "r".repeat(65) },
    ];
    for (const fields of bad) await oauthError(await grant(fields), "invalid_request");
    const repeated = await call(token, "POST", "/api/v1/auth/token", {
      raw: `grant_type=${encodeURIComponent(MFA)}&mfa_token=${mfaToken}&code=${code}&code=${code}`,
      headers: FORM,
    });
    await oauthError(repeated, "invalid_request");
    const huge = await call(token, "POST", "/api/v1/auth/token", {
      raw: new URLSearchParams({ grant_type: MFA, mfa_token: mfaToken, code, pad: "x".repeat(20_000) }).toString(),
      headers: FORM,
    });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toBe("invalid_request");
    const json = await call(token, "POST", "/api/v1/auth/token", {
      raw: "{not json",
      headers: { "content-type": "application/json" },
    });
    await oauthError(json, "invalid_request");
    // Nothing above used the mfa_token up.
    expect((await grant({ grant_type: MFA, mfa_token: mfaToken, code })).status).toBe(200);
  });

  it("is not a way around the password: an account without a factor never has an mfa_token", async () => {
    const user = await insertUser();
    const response = await grant({ grant_type: "password", identifier: user.username, password: STRONG_PASSWORD });
    expect(response.status).toBe(200);
    expect(await db.signInChallenge.count({ where: { userId: user.id } })).toBe(0);
  });
});
