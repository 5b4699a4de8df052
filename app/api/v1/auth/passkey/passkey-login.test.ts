import { describe, expect, it } from "vitest";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { DEVICE_COOKIE_NAME } from "@/lib/auth/device-cookie";
import { passkeyAuthenticationOptions, passkeyRegistrationOptions, registerPasskey } from "@/lib/auth/mfa/passkeys";
import { authenticateCookieValue, createSession } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { call, insertUser, sessionCookieFrom, TEST_META } from "@/lib/testing/fixtures";
import { SoftwareAuthenticator, type CeremonyOverrides } from "@/lib/testing/webauthn";
import { GET as me } from "../../me/route";
import { POST as login } from "./login/route";
import { POST as options } from "./options/route";

const JSON_TYPE = { "content-type": "application/json" };

/** A user (active unless told otherwise) with a passkey on a software authenticator. */
async function userWithPasskey(userOptions: Parameters<typeof insertUser>[0] = {}) {
  const user = await insertUser(userOptions);
  const authenticator = new SoftwareAuthenticator();
  const { options: creation, challengeId } = await passkeyRegistrationOptions(user.id);
  const passkey = await registerPasskey(
    user.id,
    { challengeId, response: authenticator.register(creation), name: "Laptop" },
    TEST_META,
  );
  return { user, authenticator, passkey };
}

/** Starts a sign-in through the options route. */
async function start() {
  const response = await call(options, "POST", "/api/v1/auth/passkey/options");
  expect(response.status).toBe(200);
  return (await response.json()) as { options: PublicKeyCredentialRequestOptionsJSON; challengeId: string };
}

/** A whole sign-in ceremony through both routes, answered by `authenticator` with `overrides`. */
async function signIn(
  authenticator: SoftwareAuthenticator,
  overrides: CeremonyOverrides & { counter?: number } = {},
  extra: { cookie?: string; headers?: Record<string, string> } = {},
) {
  const { options: request, challengeId } = await start();
  const response = authenticator.authenticate(request, overrides);
  return call(login, "POST", "/api/v1/auth/passkey/login", { body: { challengeId, response }, ...extra });
}

describe("POST /api/v1/auth/passkey/options", () => {
  it("starts a discoverable sign-in that requires user verification", async () => {
    const response = await call(options, "POST", "/api/v1/auth/passkey/options");
    const body = (await expectDocumentedResponse(response, "/api/v1/auth/passkey/options", "post")) as {
      options: PublicKeyCredentialRequestOptionsJSON;
      challengeId: string;
    };
    expect(body.options).toMatchObject({ rpId: "localhost", userVerification: "required" });
    expect(body.options.allowCredentials ?? []).toEqual([]);
    expect(body.challengeId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("is refused from another site", async () => {
    const response = await call(options, "POST", "/api/v1/auth/passkey/options", {
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(response.status).toBe(403);
  });
});

describe("POST /api/v1/auth/passkey/login", () => {
  it("signs in with the passkey alone: a session cookie, a device cookie, the user, an audited sign-in", async () => {
    const { user, authenticator, passkey } = await userWithPasskey();
    const response = await signIn(authenticator);
    expect(response.status).toBe(200);
    const body = (await expectDocumentedResponse(response, "/api/v1/auth/passkey/login", "post")) as {
      user: { id: string; username: string };
    };
    expect(body.user).toMatchObject({ id: user.id, username: user.username });
    const cookie = sessionCookieFrom(response);
    expect(cookie).toBeTruthy();
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${DEVICE_COOKIE_NAME}=`))).toBe(true);
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(200);
    // A fresh sign-in: sensitive changes need no re-authentication for the next minutes.
    const session = await authenticateCookieValue(cookie);
    expect(Date.now() - session!.authenticatedAt.getTime()).toBeLessThan(60_000);
    await expect
      .poll(() => db.auditEvent.findFirst({ where: { userId: user.id, type: "login.succeeded" } }))
      .toMatchObject({ ip: TEST_META.ip, data: { method: "passkey", passkeyId: passkey.id } });
    expect((await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).lastUsedAt).not.toBeNull();
  });

  it("replaces the session the browser's cookie carried", async () => {
    const { user, authenticator } = await userWithPasskey();
    const previous = await createSession(user.id, TEST_META);
    const response = await signIn(authenticator, {}, { cookie: previous.cookie.value });
    expect(response.status).toBe(200);
    expect(await authenticateCookieValue(previous.cookie.value)).toBeNull();
  });

  it("answers every failure with the same 401 invalid_credentials", async () => {
    const { user, authenticator } = await userWithPasskey();
    const disabled = await userWithPasskey();
    await db.user.update({ where: { id: disabled.user.id }, data: { isActive: false, disabledAt: new Date() } });
    // An account that is not active (never activated, or deactivated) whose passkey still exists.
    const pending = await userWithPasskey();
    await db.user.update({ where: { id: pending.user.id }, data: { isActive: false } });
    const stranger = new SoftwareAuthenticator();
    stranger.register((await passkeyRegistrationOptions((await insertUser()).id)).options);

    const failures: Response[] = [
      await signIn(authenticator, { origin: "https://evil.example" }),
      await signIn(authenticator, { rpId: "evil.example" }),
      await signIn(authenticator, { userVerified: false }),
      await signIn(authenticator, { challenge: "b3RoZXI" }),
      await signIn(disabled.authenticator),
      await signIn(pending.authenticator),
      await signIn(stranger),
    ];
    // A replayed challenge, and one made for a second step after a password.
    const { options: request, challengeId } = await start();
    const answer = authenticator.authenticate(request, { counter: 50 });
    expect(
      (await call(login, "POST", "/api/v1/auth/passkey/login", { body: { challengeId, response: answer } })).status,
    ).toBe(200);
    // A counter that went backwards after that sign-in: a cloned authenticator.
    failures.push(await signIn(authenticator, { counter: 10 }));
    const replay = authenticator.authenticate(request, { counter: 51 });
    failures.push(await call(login, "POST", "/api/v1/auth/passkey/login", { body: { challengeId, response: replay } }));
    const secondStep = await passkeyAuthenticationOptions(user.id);
    failures.push(
      await call(login, "POST", "/api/v1/auth/passkey/login", {
        body: { challengeId: secondStep.challengeId, response: authenticator.authenticate(secondStep.options) },
      }),
    );
    failures.push(
      await call(login, "POST", "/api/v1/auth/passkey/login", {
        body: { challengeId: "A".repeat(32), response: authenticator.authenticate(request) },
      }),
    );

    const bodies = await Promise.all(
      failures.map(async (response) => {
        expect(response.status).toBe(401);
        expect(sessionCookieFrom(response)).toBeNull();
        return expectDocumentedResponse(response, "/api/v1/auth/passkey/login", "post");
      }),
    );
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({ code: "invalid_credentials", status: 401 });
  });

  it("records a refused passkey in its owner's audit trail with the reason, and nothing for unknown ones", async () => {
    const { user, authenticator } = await userWithPasskey();
    expect((await signIn(authenticator, { userVerified: false })).status).toBe(401);
    // Recorded after the answer (a sign-in never waits for its audit row).
    await expect
      .poll(async () => (await db.auditEvent.findFirst({ where: { userId: user.id, type: "login.failed" } }))?.data)
      .toEqual({ method: "passkey", reason: "user_not_verified" });
    const before = await db.auditEvent.count({ where: { type: "login.failed" } });
    const stranger = new SoftwareAuthenticator();
    stranger.register((await passkeyRegistrationOptions((await insertUser()).id)).options);
    expect((await signIn(stranger)).status).toBe(401);
    expect(await db.auditEvent.count({ where: { type: "login.failed" } })).toBe(before);
  });

  it("malformed, missing, oversized and hostile bodies get 400 or 413, never 500", async () => {
    const { authenticator } = await userWithPasskey();
    const { options: request, challengeId } = await start();
    const valid = authenticator.authenticate(request);
    const cases: { raw?: string; body?: unknown }[] = [
      { raw: "" },
      { raw: "{" },
      { raw: "null" },
      { raw: "[1,2]" },
      { body: {} },
      { body: { challengeId } },
      { body: { response: valid } },
      { body: { challengeId, response: null } },
      { body: { challengeId, response: [] } },
      { body: { challengeId: { $gt: "" }, response: valid } },
      { body: { challengeId, response: { ...valid, rawId: 5 } } },
      { body: { challengeId, response: { ...valid, response: { ...valid.response, signature: "not base64!" } } } },
      { body: { challengeId, response: { ...valid, response: { ...valid.response, userHandle: "x".repeat(500) } } } },
      { body: { challengeId, response: { ...valid, clientExtensionResults: "x" } } },
      { raw: JSON.stringify({ challengeId, response: valid, padding: "x".repeat(17_000) }) },
      { raw: '{"__proto__": {"userId": "admin"}, "constructor": {"prototype": {"x": 1}}}' },
    ];
    for (const { raw, body } of cases) {
      const response = await call(login, "POST", "/api/v1/auth/passkey/login", { raw, body, headers: JSON_TYPE });
      expect([400, 413], `${raw ?? JSON.stringify(body)}`.slice(0, 200)).toContain(response.status);
      expect(sessionCookieFrom(response)).toBeNull();
    }
    // The refused bodies never reached the challenge: the real answer still signs in.
    const response = await call(login, "POST", "/api/v1/auth/passkey/login", {
      body: { challengeId, response: valid },
    });
    expect(response.status).toBe(200);
  });

  it("is refused from another site (login CSRF)", async () => {
    const { authenticator } = await userWithPasskey();
    const response = await signIn(authenticator, {}, { headers: { "sec-fetch-site": "cross-site" } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "cross_site_request" });
  });
});
