import { describe, expect, it } from "vitest";
import { startTokenFamily } from "@/lib/auth/api-tokens";
import { ageSession, totpCodeAt } from "@/lib/auth/mfa/test-fixtures";
import { db } from "@/lib/db";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { call, insertSignedInUser, queuedEmails, TEST_META } from "@/lib/testing/fixtures";
import { GET as overview } from "./route";
import { POST as confirm } from "./totp/confirm/route";
import { DELETE as remove, POST as start } from "./totp/route";

const OVERVIEW = "/api/v1/me/mfa";
const TOTP = "/api/v1/me/mfa/totp";
const CONFIRM = "/api/v1/me/mfa/totp/confirm";

async function startedSetup() {
  const signedIn = await insertSignedInUser();
  const response = await call(start, "POST", TOTP, { cookie: signedIn.cookie });
  expect(response.status).toBe(200);
  const { secret } = (await response.json()) as { secret: string };
  return { ...signedIn, secret };
}

describe("/api/v1/me/mfa/totp", () => {
  it("sets up an authenticator app: start, a wrong code, the right code, then the overview shows it", async () => {
    const { user, cookie } = await insertSignedInUser();
    const before = await expectDocumentedResponse(await call(overview, "GET", OVERVIEW, { cookie }), OVERVIEW);
    expect(before).toEqual({ totp: { enabled: false, pending: false }, passkeys: 0, recoveryCodesLeft: 0 });

    const started = await call(start, "POST", TOTP, { cookie });
    expect(started.headers.get("cache-control")).toBe("no-store");
    const setup = (await expectDocumentedResponse(started, TOTP, "post")) as Record<string, string>;
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUrl).toContain(`otpauth://totp/Authcore:${user.username}?secret=${setup.secret}`);
    expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await (await call(overview, "GET", OVERVIEW, { cookie })).json()).toMatchObject({
      totp: { enabled: false, pending: true },
    });

    const code = await totpCodeAt(setup.secret!, Date.now());
    const wrong = await call(confirm, "POST", CONFIRM, {
      cookie,
      body: { code: String((Number(code) + 500_000) % 1_000_000).padStart(6, "0") },
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: "validation_failed", errors: { code: [expect.any(String)] } });

    const confirmed = await call(confirm, "POST", CONFIRM, {
      cookie,
      body: { code: `${code.slice(0, 3)} ${code.slice(3)}` },
    });
    const { recoveryCodes } = (await expectDocumentedResponse(confirmed, CONFIRM, "post")) as {
      recoveryCodes: string[];
    };
    expect(recoveryCodes).toHaveLength(10);
    expect(await (await call(overview, "GET", OVERVIEW, { cookie })).json()).toEqual({
      totp: { enabled: true, pending: false },
      passkeys: 0,
      recoveryCodesLeft: 10,
    });
    const events = (await queuedEmails(user.email)).map((e) => e.template === "security-notice" && e.data.event);
    expect(events).toEqual(["totp-enrolled"]);

    // Set up: starting again is refused, and so is confirming again.
    const again = await call(start, "POST", TOTP, { cookie });
    expect(again.status).toBe(409);
    await expectDocumentedResponse(again, TOTP, "post");
    expect((await call(confirm, "POST", CONFIRM, { cookie, body: { code } })).status).toBe(409);
  });

  it("removes the app (204) with its recovery codes, then answers 404", async () => {
    const { user, cookie, secret } = await startedSetup();
    await call(confirm, "POST", CONFIRM, { cookie, body: { code: await totpCodeAt(secret, Date.now()) } });
    const removed = await call(remove, "DELETE", TOTP, { cookie });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe("");
    expect(await db.totpFactor.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await (await call(overview, "GET", OVERVIEW, { cookie })).json()).toEqual({
      totp: { enabled: false, pending: false },
      passkeys: 0,
      recoveryCodesLeft: 0,
    });
    const missing = await call(remove, "DELETE", TOTP, { cookie });
    expect(missing.status).toBe(404);
    await expectDocumentedResponse(missing, TOTP, "delete");
  });

  it("works with a Bearer access token too", async () => {
    const { user } = await insertSignedInUser();
    const { tokens } = await startTokenFamily(user.id, TEST_META);
    const bearer = tokens.access_token;
    const { secret } = (await (await call(start, "POST", TOTP, { bearer })).json()) as { secret: string };
    const confirmed = await call(confirm, "POST", CONFIRM, {
      bearer,
      body: { code: await totpCodeAt(secret, Date.now()) },
    });
    expect(confirmed.status).toBe(200);
    expect((await call(overview, "GET", OVERVIEW, { bearer })).status).toBe(200);
  });

  it("answers 400 for malformed, missing or hostile bodies, 413 when oversized and 415 for other media types", async () => {
    const { user, cookie } = await startedSetup();
    for (const body of [
      {},
      { code: 123456 },
      { code: null },
      { code: "" },
      { code: "12345" },
      { code: "abcdef" },
      { code: "１２３４５６" },
      { code: "1".repeat(10_000) },
      { code: ["123456"] },
      { code: { $ne: null } },
      [],
      "123456",
      null,
    ]) {
      const response = await call(confirm, "POST", CONFIRM, { cookie, body });
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      await expectDocumentedResponse(response, CONFIRM, "post");
    }
    for (const raw of ["", "{", '{"code":', "\u0000", "not json"]) {
      const response = await call(confirm, "POST", CONFIRM, {
        cookie,
        raw,
        headers: { "content-type": "application/json" },
      });
      expect(response.status, raw).toBe(400);
      expect((await response.json()).code).toBe("malformed_json");
    }
    const big = await call(confirm, "POST", CONFIRM, {
      cookie,
      raw: JSON.stringify({ code: "123456", padding: "x".repeat(17 * 1024) }),
      headers: { "content-type": "application/json" },
    });
    expect(big.status).toBe(413);
    await expectDocumentedResponse(big, CONFIRM, "post");
    const form = await call(confirm, "POST", CONFIRM, {
      cookie,
      raw: "code=123456",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect((await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } })).confirmedAt).toBeNull();
  });

  it("answers 409 when there is no setup to confirm", async () => {
    const { cookie } = await insertSignedInUser();
    const response = await call(confirm, "POST", CONFIRM, { cookie, body: { code: "123456" } });
    expect(response.status).toBe(409);
    expect((await response.json()).code).toBe("conflict");
  });

  it("answers 401 without a session, with a revoked or forged one", async () => {
    for (const options of [{}, { cookie: "forged" }, { bearer: "not-a-token" }]) {
      expect((await call(overview, "GET", OVERVIEW, options)).status).toBe(401);
      expect((await call(start, "POST", TOTP, options)).status).toBe(401);
      expect((await call(remove, "DELETE", TOTP, options)).status).toBe(401);
      const unauthenticated = await call(confirm, "POST", CONFIRM, { ...options, body: { code: "123456" } });
      expect(unauthenticated.status).toBe(401);
      await expectDocumentedResponse(unauthenticated, CONFIRM, "post");
    }
  });

  it("refuses cookie requests from another site (403)", async () => {
    const { user, cookie } = await insertSignedInUser();
    const headers = { origin: "https://evil.example" };
    expect((await call(start, "POST", TOTP, { cookie, headers })).status).toBe(403);
    expect((await call(remove, "DELETE", TOTP, { cookie, headers })).status).toBe(403);
    expect((await call(confirm, "POST", CONFIRM, { cookie, headers, body: { code: "123456" } })).status).toBe(403);
    expect(await db.totpFactor.count({ where: { userId: user.id } })).toBe(0);
  });

  it("needs a recent sign-in to start, confirm or remove (403 reauthentication_required), not to read", async () => {
    const { user, cookie, secret } = await startedSetup();
    await ageSession(cookie);
    for (const response of [
      await call(start, "POST", TOTP, { cookie }),
      await call(confirm, "POST", CONFIRM, { cookie, body: { code: await totpCodeAt(secret, Date.now()) } }),
      await call(remove, "DELETE", TOTP, { cookie }),
    ]) {
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: "reauthentication_required" });
    }
    expect((await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } })).confirmedAt).toBeNull();
    expect((await call(overview, "GET", OVERVIEW, { cookie })).status).toBe(200);
  });
});
