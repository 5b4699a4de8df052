import { describe, expect, it } from "vitest";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { decodeSessionToken } from "@/lib/auth/session";
import { passkeyRegistrationOptions, registerPasskey } from "@/lib/auth/mfa/passkeys";
import { STEP_UP_WINDOW_MS } from "@/lib/auth/session/step-up";
import { sessionTokenHash } from "@/lib/auth/session/store";
import { db } from "@/lib/db";
import { redis } from "@/lib/redis";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { call, insertSignedInUser, queuedEmails, TEST_META } from "@/lib/testing/fixtures";
import { SoftwareAuthenticator } from "@/lib/testing/webauthn";
import { DELETE, PATCH } from "./[id]/route";
import { POST as options } from "./options/route";
import { GET, POST } from "./route";

const PATH = "/api/v1/me/passkeys";
// Raw bodies too: a Request with a string body would otherwise say text/plain (415).
const JSON_TYPE = { "content-type": "application/json" };

/** Makes the session behind `cookie` look as if it signed in 11 minutes ago (database and cache). */
async function age(cookie: string) {
  const sid = (await decodeSessionToken(cookie))!.sid;
  const hash = sessionTokenHash(sid);
  await db.session.update({
    where: { sessionToken: hash },
    data: { authenticatedAt: new Date(Date.now() - STEP_UP_WINDOW_MS - 60_000) },
  });
  await redis.del(`session:${hash}`);
}

/** Starts a registration through the API: the options and the challenge id. */
async function start(cookie: string) {
  const response = await call(options, "POST", `${PATH}/options`, { cookie });
  expect(response.status).toBe(200);
  return (await response.json()) as { options: PublicKeyCredentialCreationOptionsJSON; challengeId: string };
}

/** A signed-in user with a passkey registered directly (not through the routes under test). */
async function userWithPasskey() {
  const signedIn = await insertSignedInUser();
  const { options: creation, challengeId } = await passkeyRegistrationOptions(signedIn.user.id);
  const authenticator = new SoftwareAuthenticator();
  const passkey = await registerPasskey(
    signedIn.user.id,
    { challengeId, response: authenticator.register(creation), name: "Laptop" },
    TEST_META,
  );
  return { ...signedIn, passkey };
}

describe("/api/v1/me/passkeys", () => {
  it("adds, lists, renames and removes a passkey, each answer as the OpenAPI document publishes it", async () => {
    const { user, cookie } = await insertSignedInUser();
    const started = await call(options, "POST", `${PATH}/options`, { cookie });
    const { options: creation, challengeId } = (await expectDocumentedResponse(started, `${PATH}/options`, "post")) as {
      options: PublicKeyCredentialCreationOptionsJSON;
      challengeId: string;
    };
    expect(creation.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });

    const response = new SoftwareAuthenticator().register(creation);
    const created = await call(POST, "POST", PATH, { cookie, body: { challengeId, response, name: "Work laptop" } });
    expect(created.status).toBe(201);
    const passkey = (await expectDocumentedResponse(created, PATH, "post")) as { id: string; name: string };
    expect(passkey.name).toBe("Work laptop");
    expect(await queuedEmails(user.email)).toMatchObject([{ data: { event: "passkey-added" } }]);

    const listed = (await expectDocumentedResponse(await call(GET, "GET", PATH, { cookie }), PATH)) as {
      items: { id: string; name: string; lastUsedAt: string | null }[];
    };
    expect(listed.items).toEqual([expect.objectContaining({ id: passkey.id, name: "Work laptop", lastUsedAt: null })]);

    const renamed = await call(PATCH, "PATCH", `${PATH}/${passkey.id}`, {
      cookie,
      params: { id: passkey.id },
      body: { name: "Old laptop" },
    });
    expect(renamed.status).toBe(200);
    expect(await expectDocumentedResponse(renamed, `${PATH}/{id}`, "patch")).toMatchObject({ name: "Old laptop" });

    const removed = await call(DELETE, "DELETE", `${PATH}/${passkey.id}`, { cookie, params: { id: passkey.id } });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe("");
    expect(((await (await call(GET, "GET", PATH, { cookie })).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await queuedEmails(user.email)).at(-1)).toMatchObject({ data: { event: "passkey-removed" } });
  });

  it("a first passkey comes with 10 recovery codes, shown once; a second one with none", async () => {
    const { cookie } = await insertSignedInUser();
    const add = async (name: string) => {
      const { options: creation, challengeId } = await start(cookie);
      const response = new SoftwareAuthenticator().register(creation);
      const created = await call(POST, "POST", PATH, { cookie, body: { challengeId, response, name } });
      expect(created.status).toBe(201);
      return (await created.json()) as { recoveryCodes: string[] | null };
    };
    const first = await add("Phone");
    expect(first.recoveryCodes).toHaveLength(10);
    expect(new Set(first.recoveryCodes).size).toBe(10);
    expect((await add("Laptop")).recoveryCodes).toBeNull();
  });

  it("answers 401 to every operation without a session", async () => {
    const { passkey } = await userWithPasskey();
    const params = { id: passkey.id };
    const answers = [
      await call(GET, "GET", PATH),
      await call(options, "POST", `${PATH}/options`),
      await call(POST, "POST", PATH, { body: { challengeId: "x".repeat(32), response: {}, name: "x" } }),
      await call(PATCH, "PATCH", `${PATH}/${passkey.id}`, { params, body: { name: "Mine" } }),
      await call(DELETE, "DELETE", `${PATH}/${passkey.id}`, { params }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    await expectDocumentedResponse(await call(GET, "GET", PATH, { cookie: "forged" }), PATH);
    expect(await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).toMatchObject({ name: "Laptop" });
  });

  it("adding and removing need a recent sign-in (403 reauthentication_required); renaming does not", async () => {
    const { cookie, passkey } = await userWithPasskey();
    const { options: creation, challengeId } = await start(cookie);
    await age(cookie);
    const refusedStart = await call(options, "POST", `${PATH}/options`, { cookie });
    expect(refusedStart.status).toBe(403);
    expect(await expectDocumentedResponse(refusedStart, `${PATH}/options`, "post")).toMatchObject({
      code: "reauthentication_required",
    });
    const response = new SoftwareAuthenticator().register(creation);
    const refusedAdd = await call(POST, "POST", PATH, { cookie, body: { challengeId, response, name: "Late" } });
    expect(refusedAdd.status).toBe(403);
    expect(await refusedAdd.json()).toMatchObject({ code: "reauthentication_required" });
    const refusedRemove = await call(DELETE, "DELETE", `${PATH}/${passkey.id}`, { cookie, params: { id: passkey.id } });
    expect(refusedRemove.status).toBe(403);
    expect(await db.passkey.count({ where: { id: passkey.id } })).toBe(1);
    const renamed = await call(PATCH, "PATCH", `${PATH}/${passkey.id}`, {
      cookie,
      params: { id: passkey.id },
      body: { name: "Still mine" },
    });
    expect(renamed.status).toBe(200);
  });

  it("answers 404 for another user's passkey and for ids that name nothing", async () => {
    const mine = await userWithPasskey();
    const theirs = await userWithPasskey();
    for (const id of [theirs.passkey.id, "nope", "../../etc", "x".repeat(65), "a b"]) {
      const renamed = await call(PATCH, "PATCH", `${PATH}/${encodeURIComponent(id)}`, {
        cookie: mine.cookie,
        params: { id },
        body: { name: "Mine now" },
      });
      expect(renamed.status, id).toBe(404);
      if (id === theirs.passkey.id) await expectDocumentedResponse(renamed, `${PATH}/{id}`, "patch");
      const removed = await call(DELETE, "DELETE", `${PATH}/${encodeURIComponent(id)}`, {
        cookie: mine.cookie,
        params: { id },
      });
      expect(removed.status, id).toBe(404);
    }
    expect(await db.passkey.findUniqueOrThrow({ where: { id: theirs.passkey.id } })).toMatchObject({ name: "Laptop" });
  });

  it("a response that does not verify is 400 on `response`, and its challenge is used up", async () => {
    const { cookie } = await insertSignedInUser();
    const { options: creation, challengeId } = await start(cookie);
    const authenticator = new SoftwareAuthenticator();
    const wrongOrigin = authenticator.register(creation, { origin: "https://evil.example" });
    const refused = await call(POST, "POST", PATH, { cookie, body: { challengeId, response: wrongOrigin, name: "X" } });
    expect(refused.status).toBe(400);
    expect(await expectDocumentedResponse(refused, PATH, "post")).toMatchObject({
      code: "validation_failed",
      errors: { response: [expect.any(String)] },
    });
    const again = await call(POST, "POST", PATH, {
      cookie,
      body: { challengeId, response: authenticator.register(creation), name: "X" },
    });
    expect(again.status).toBe(400);
  });

  it("malformed, missing, oversized and hostile bodies get 4xx, never 500", async () => {
    const { cookie, passkey } = await userWithPasskey();
    const { options: creation, challengeId } = await start(cookie);
    const valid = new SoftwareAuthenticator().register(creation);
    const bodies: { raw?: string; body?: unknown; headers?: Record<string, string> }[] = [
      { raw: "" },
      { raw: "{" },
      { raw: "null" },
      { raw: "[]" },
      { raw: '"text"' },
      { body: {} },
      { body: { challengeId } },
      { body: { challengeId, name: "X" } },
      { body: { challengeId, response: valid } },
      { body: { challengeId, response: valid, name: "" } },
      { body: { challengeId, response: valid, name: "x".repeat(65) } },
      { body: { challengeId, response: valid, name: "tab\there" } },
      { body: { challengeId, response: valid, name: { $ne: null } } },
      { body: { challengeId: "../../", response: valid, name: "X" } },
      { body: { challengeId: 42, response: valid, name: "X" } },
      { body: { challengeId, response: "a string", name: "X" } },
      { body: { challengeId, response: { ...valid, type: "password" }, name: "X" } },
      { body: { challengeId, response: { ...valid, response: { clientDataJSON: "<script>" } }, name: "X" } },
      { body: { challengeId, response: { ...valid, id: "A".repeat(2000) }, name: "X" } },
      { raw: JSON.stringify({ challengeId, response: valid, name: "X", pad: "x".repeat(20_000) }) },
      { raw: '{"__proto__": {"admin": true}, "challengeId": 1}' },
      { body: { challengeId, response: valid, name: "X" }, headers: { "content-type": "text/plain" } },
    ];
    for (const { raw, body, headers = JSON_TYPE } of bodies) {
      const response = await call(POST, "POST", PATH, { cookie, raw, body, headers });
      const expected = headers === JSON_TYPE ? [400, 413] : [415];
      expect(expected, `${raw ?? JSON.stringify(body)}`.slice(0, 200)).toContain(response.status);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
    // None of those reached the challenge: it still registers the passkey.
    expect((await call(POST, "POST", PATH, { cookie, body: { challengeId, response: valid, name: "X" } })).status).toBe(
      201,
    );
    for (const { raw, body } of [
      { raw: "{" },
      { body: {} },
      { body: { name: "" } },
      { body: { name: "\u0000" } },
      { body: { name: 7 } },
      { raw: JSON.stringify({ name: "x".repeat(20_000) }) },
    ]) {
      const response = await call(PATCH, "PATCH", `${PATH}/${passkey.id}`, {
        cookie,
        params: { id: passkey.id },
        raw,
        body,
        headers: JSON_TYPE,
      });
      expect([400, 413], `${raw ?? JSON.stringify(body)}`.slice(0, 200)).toContain(response.status);
    }
    expect(await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).toMatchObject({ name: "Laptop" });
  });

  it("refuses cookie-authenticated changes from another site", async () => {
    const { cookie, passkey } = await userWithPasskey();
    const headers = { "sec-fetch-site": "cross-site" };
    expect((await call(options, "POST", `${PATH}/options`, { cookie, headers })).status).toBe(403);
    const removed = await call(DELETE, "DELETE", `${PATH}/${passkey.id}`, {
      cookie,
      headers,
      params: { id: passkey.id },
    });
    expect(removed.status).toBe(403);
    expect(await removed.json()).toMatchObject({ code: "cross_site_request" });
    expect(await db.passkey.count({ where: { id: passkey.id } })).toBe(1);
  });
});
