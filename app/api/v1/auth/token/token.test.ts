import { CompactEncrypt, importJWK, type JWK } from "jose";
import { describe, expect, it, vi } from "vitest";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { config } from "@/lib/config";
import { issueAccessToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { call, insertSignedInUser, insertUser, logIn, STRONG_PASSWORD } from "@/lib/testing/fixtures";
import { GET as me } from "../../me/route";
import { POST as login } from "../login/route";
import { POST as logout } from "../logout/route";
import { POST as changePassword } from "../password/change/route";
import { POST as revoke } from "../revoke/route";
import { DELETE as revokeSession } from "../sessions/[id]/route";
import { GET as sessions } from "../sessions/route";
import { POST as token } from "./route";

// A rotated key set, newest first: tokens made with the older key must keep working.
await vi.hoisted(async () => {
  const { generateKeyPairSync } = await import("node:crypto");
  const key = (type: "x25519" | "rsa", kid: string) =>
    type === "rsa"
      ? { ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid }
      : { ...generateKeyPairSync("x25519").privateKey.export({ format: "jwk" }), kid };
  process.env.JWE_PRIVATE_JWKS = JSON.stringify([key("x25519", "newest"), key("rsa", "older")]);
});

const FORM = { "content-type": "application/x-www-form-urlencoded" };

type Tokens = { access_token: string; token_type: string; expires_in: number; refresh_token: string };

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function grant(fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return call(token, "POST", "/api/v1/auth/token", { raw: form(fields), headers: { ...FORM, ...headers } });
}

async function passwordGrant(identifier: string, password = STRONG_PASSWORD): Promise<Tokens> {
  const response = await grant({ grant_type: "password", identifier, password });
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

async function expectOAuthError(response: Response, status: number, error: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: string; error_description: string };
  expect(Object.keys(body).sort()).toEqual(["error", "error_description"]);
  expect(body.error).toBe(error);
  return body.error_description;
}

describe("POST /api/v1/auth/token, password grant", () => {
  it("answers the documented token response, no-store, for a form-encoded sign-in", async () => {
    const user = await insertUser();
    const response = await grant({ grant_type: "password", identifier: user.username, password: STRONG_PASSWORD });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await expectDocumentedResponse(response, "/api/v1/auth/token", "post")) as Tokens;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 900 });
    expect(body.access_token.split(".")).toHaveLength(5);
    const meResponse = await call(me, "GET", "/api/v1/me", { bearer: body.access_token });
    expect(meResponse.status).toBe(200);
    expect(await meResponse.json()).toMatchObject({ id: user.id, username: user.username });
  });

  it("takes the same body as JSON and as a compact JWE to a published key, by username or email", async () => {
    const user = await insertUser();
    const json = await call(token, "POST", "/api/v1/auth/token", {
      body: { grant_type: "password", identifier: user.email.toUpperCase(), password: STRONG_PASSWORD },
    });
    expect(json.status).toBe(200);
    const key = ((await jwks().json()) as { keys: JWK[] }).keys[0]!;
    const jwe = await new CompactEncrypt(
      new TextEncoder().encode(
        JSON.stringify({ grant_type: "password", identifier: user.username, password: STRONG_PASSWORD }),
      ),
    )
      .setProtectedHeader({ alg: key.alg!, enc: "A256GCM", kid: key.kid })
      .encrypt(await importJWK(key, key.alg));
    const jose = await call(token, "POST", "/api/v1/auth/token", {
      raw: jwe,
      headers: { "content-type": "application/jose" },
    });
    expect(jose.status).toBe(200);
    expect(await jose.json()).toHaveProperty("refresh_token");
  });

  it("answers a wrong password and an unknown user alike: invalid_grant", async () => {
    const user = await insertUser();
    const wrong = await expectOAuthError(
      await grant({ grant_type: "password", identifier: user.username, password: "Wrong-password-1" }),
      400,
      "invalid_grant",
    );
    const unknown = await expectOAuthError(
      await grant({ grant_type: "password", identifier: "nobody-at-all", password: "Wrong-password-1" }),
      400,
      "invalid_grant",
    );
    expect(unknown).toBe(wrong);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses an account that is not activated, or disabled, with invalid_grant even for the right password", async () => {
    const pending = await insertUser({ isActive: false });
    await expectOAuthError(
      await grant({ grant_type: "password", identifier: pending.username, password: STRONG_PASSWORD }),
      400,
      "invalid_grant",
    );
    const disabled = await insertUser();
    await db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date(), isActive: false } });
    await expectOAuthError(
      await grant({ grant_type: "password", identifier: disabled.username, password: STRONG_PASSWORD }),
      400,
      "invalid_grant",
    );
    expect(await db.session.count({ where: { userId: { in: [pending.id, disabled.id] } } })).toBe(0);
  });

  it("shares login's brute-force budget: after five wrong guesses even the right password waits (slow_down)", async () => {
    const user = await insertUser();
    for (let i = 0; i < 3; i++)
      await logIn(login, user.username, "Wrong-password-1").then((r) => expect(r.status).toBe(401));
    for (let i = 0; i < 2; i++)
      await expectOAuthError(
        await grant({ grant_type: "password", identifier: user.username, password: "Wrong-password-1" }),
        400,
        "invalid_grant",
      );
    const locked = await grant({ grant_type: "password", identifier: user.username, password: STRONG_PASSWORD });
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
    await expectOAuthError(locked, 429, "slow_down");
  });
});

describe("POST /api/v1/auth/token, refresh_token grant", () => {
  it("rotates: a new refresh token each time, the old one used up, reuse revoking the family", async () => {
    const user = await insertUser();
    const first = await passwordGrant(user.username);
    const refreshed = await grant({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    const second = (await expectDocumentedResponse(refreshed, "/api/v1/auth/token", "post")) as Tokens;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await call(me, "GET", "/api/v1/me", { bearer: second.access_token })).status).toBe(200);

    await expectOAuthError(
      await grant({ grant_type: "refresh_token", refresh_token: first.refresh_token }),
      400,
      "invalid_grant",
    );
    // The whole family is gone: the newest refresh token and every access token of it.
    await expectOAuthError(
      await grant({ grant_type: "refresh_token", refresh_token: second.refresh_token }),
      400,
      "invalid_grant",
    );
    expect((await call(me, "GET", "/api/v1/me", { bearer: second.access_token })).status).toBe(401);
  });

  it("lets exactly one of twelve parallel refreshes with the same token through", async () => {
    const user = await insertUser();
    const { refresh_token } = await passwordGrant(user.username);
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => grant({ grant_type: "refresh_token", refresh_token })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(11);
    for (const r of responses.filter((r) => r.status === 400)) expect((await r.json()).error).toBe("invalid_grant");
  });
});

describe("POST /api/v1/auth/token, hostile and malformed input", () => {
  it("names an unknown grant type unsupported_grant_type and a missing one invalid_request", async () => {
    await expectOAuthError(await grant({ grant_type: "client_credentials" }), 400, "unsupported_grant_type");
    await expectOAuthError(await grant({ grant_type: "authorization_code", code: "x" }), 400, "unsupported_grant_type");
    await expectOAuthError(await grant({ identifier: "a", password: "b" }), 400, "invalid_request");
    await expectOAuthError(await grant({ grant_type: "" }), 400, "invalid_request");
  });

  it("answers invalid_request for missing, mistyped, repeated or oversized parameters and bodies", async () => {
    await expectOAuthError(await grant({ grant_type: "password", identifier: "someone" }), 400, "invalid_request");
    await expectOAuthError(await grant({ grant_type: "refresh_token" }), 400, "invalid_request");
    await expectOAuthError(
      await grant({ grant_type: "refresh_token", refresh_token: "x".repeat(513) }),
      400,
      "invalid_request",
    );
    const repeated = "grant_type=password&identifier=a&identifier=b&password=c";
    await expectOAuthError(
      await call(token, "POST", "/api/v1/auth/token", { raw: repeated, headers: FORM }),
      400,
      "invalid_request",
    );
    const typed = await call(token, "POST", "/api/v1/auth/token", {
      body: { grant_type: "password", identifier: ["a"], password: 12345678 },
    });
    await expectOAuthError(typed, 400, "invalid_request");
    const broken = await call(token, "POST", "/api/v1/auth/token", {
      raw: '{"grant_type":"password",',
      headers: { "content-type": "application/json" },
    });
    await expectOAuthError(broken, 400, "invalid_request");
    const notAnObject = await call(token, "POST", "/api/v1/auth/token", { body: ["grant_type", "password"] });
    await expectOAuthError(notAnObject, 400, "invalid_request");
    const xml = await call(token, "POST", "/api/v1/auth/token", {
      raw: "<grant/>",
      headers: { "content-type": "text/xml" },
    });
    await expectOAuthError(xml, 415, "invalid_request");
    const huge = await grant({ grant_type: "refresh_token", refresh_token: "x".repeat(20_000) });
    await expectOAuthError(huge, 413, "invalid_request");
    const badJwe = await call(token, "POST", "/api/v1/auth/token", {
      raw: "a.b.c.d.e",
      headers: { "content-type": "application/jose" },
    });
    await expectOAuthError(badJwe, 400, "invalid_request");
  });

  it("treats form parameters named like object internals as ordinary fields", async () => {
    const user = await insertUser();
    const raw = `grant_type=password&identifier=${user.username}&password=${STRONG_PASSWORD}&constructor=x&__proto__=y&toString=z`;
    const response = await call(token, "POST", "/api/v1/auth/token", { raw, headers: FORM });
    expect(response.status).toBe(200);
  });

  it("answers invalid_grant for refresh tokens that were never issued, whatever they look like", async () => {
    for (const refresh_token of ["not-a-token", "\u0000\u202e💥", "' OR 1=1 --", "a".repeat(43)])
      await expectOAuthError(await grant({ grant_type: "refresh_token", refresh_token }), 400, "invalid_grant");
  });
});

describe("Bearer access", () => {
  it("works on every authenticated endpoint and lists the family as kind api, current", async () => {
    const user = await insertUser();
    const { access_token } = await passwordGrant(user.username);
    const list = await call(sessions, "GET", "/api/v1/auth/sessions", { bearer: access_token });
    const { items } = (await expectDocumentedResponse(list, "/api/v1/auth/sessions")) as {
      items: { kind: string; current: boolean }[];
    };
    expect(items).toEqual([expect.objectContaining({ kind: "api", current: true })]);
  });

  it("accepts a token made with an older key of the set", async () => {
    const user = await insertUser();
    const { access_token } = await passwordGrant(user.username);
    const { familyId } = await familyOf(user.id);
    const older = await issueAccessToken(user.id, familyId, [config.jwks[1]!]);
    expect(JSON.parse(Buffer.from(older.split(".")[0]!, "base64url").toString()).kid).toBe("older");
    expect(JSON.parse(Buffer.from(access_token.split(".")[0]!, "base64url").toString()).kid).toBe("newest");
    expect((await call(me, "GET", "/api/v1/me", { bearer: older })).status).toBe(200);
  });

  it("refuses the session cookie's value sent as a Bearer token, and a Bearer header never falls back to the cookie", async () => {
    const { cookie } = await insertSignedInUser();
    const asBearer = await call(me, "GET", "/api/v1/me", { bearer: cookie });
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect((await call(me, "GET", "/api/v1/me", { cookie, bearer: "junk" })).status).toBe(401);
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(200);
  });

  it("refuses forged, foreign, tampered and oversized tokens with 401", async () => {
    const user = await insertUser();
    const { access_token } = await passwordGrant(user.username);
    const [header, ...rest] = access_token.split(".");
    const parsed = JSON.parse(Buffer.from(header!, "base64url").toString());
    const tampered = [Buffer.from(JSON.stringify({ ...parsed, kid: "older" })).toString("base64url"), ...rest];
    // Anyone can encrypt to the published key: claims that we did not sign are not a token.
    const key = ((await jwks().json()) as { keys: JWK[] }).keys[0]!;
    const forged = await new CompactEncrypt(
      new TextEncoder().encode(JSON.stringify({ sub: user.id, fid: "x", exp: 9_999_999_999, iat: 1 })),
    )
      .setProtectedHeader({ alg: key.alg!, enc: "A256GCM", kid: key.kid, typ: "at+jwt" })
      .encrypt(await importJWK(key, key.alg));
    for (const bad of [tampered.join("."), forged, "x".repeat(10_000), "a.b.c.d.e"]) {
      const response = await call(me, "GET", "/api/v1/me", { bearer: bad });
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("is not subject to the same-origin rule for mutations, which still guards cookies", async () => {
    const user = await insertUser();
    const { access_token } = await passwordGrant(user.username);
    const crossSite = { "sec-fetch-site": "cross-site", origin: "https://evil.example" };
    const { cookie } = await insertSignedInUser();
    expect((await call(logout, "POST", "/api/v1/auth/logout", { cookie, headers: crossSite })).status).toBe(403);
    const bearer = await call(logout, "POST", "/api/v1/auth/logout", { bearer: access_token, headers: crossSite });
    expect(bearer.status).toBe(204);
    expect(bearer.headers.get("set-cookie")).toBeNull();
    expect((await call(me, "GET", "/api/v1/me", { bearer: access_token })).status).toBe(401);
  });
});

describe("revocation of a token family", () => {
  it("POST /api/v1/auth/revoke ends the family of a refresh token and always answers 200", async () => {
    const user = await insertUser();
    const tokens = await passwordGrant(user.username);
    for (const value of [tokens.refresh_token, tokens.refresh_token, "never-issued"]) {
      const response = await call(revoke, "POST", "/api/v1/auth/revoke", {
        raw: form({ token: value }),
        headers: FORM,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
    expect((await call(me, "GET", "/api/v1/me", { bearer: tokens.access_token })).status).toBe(401);
    await expectOAuthError(
      await grant({ grant_type: "refresh_token", refresh_token: tokens.refresh_token }),
      400,
      "invalid_grant",
    );
    const json = await call(revoke, "POST", "/api/v1/auth/revoke", { body: { token: "x", token_type_hint: "y" } });
    expect(json.status).toBe(200);
  });

  it("POST /api/v1/auth/revoke without a token is invalid_request", async () => {
    await expectOAuthError(
      await call(revoke, "POST", "/api/v1/auth/revoke", { raw: form({}), headers: FORM }),
      400,
      "invalid_request",
    );
    await expectOAuthError(
      await call(revoke, "POST", "/api/v1/auth/revoke", { raw: "{", headers: { "content-type": "application/json" } }),
      400,
      "invalid_request",
    );
  });

  it("DELETE /api/v1/auth/sessions/{id} from a browser ends a token family", async () => {
    const user = await insertUser();
    const tokens = await passwordGrant(user.username);
    const { cookie } = await logIn(login, user.username, STRONG_PASSWORD);
    const { familyId } = await familyOf(user.id);
    const response = await call(revokeSession, "DELETE", `/api/v1/auth/sessions/${familyId}`, {
      cookie,
      params: { id: familyId },
    });
    expect(response.status).toBe(204);
    expect((await call(me, "GET", "/api/v1/me", { bearer: tokens.access_token })).status).toBe(401);
    expect((await call(me, "GET", "/api/v1/me", { cookie })).status).toBe(200);
  });

  it("a password change through the API ends every family, the caller's too, and sets no cookie", async () => {
    const user = await insertUser();
    const other = await passwordGrant(user.username);
    const caller = await passwordGrant(user.username);
    const response = await call(changePassword, "POST", "/api/v1/auth/password/change", {
      bearer: caller.access_token,
      body: { currentPassword: STRONG_PASSWORD, newPassword: "a-Brand-new-passphrase-42" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBeNull();
    for (const t of [other, caller])
      expect((await call(me, "GET", "/api/v1/me", { bearer: t.access_token })).status).toBe(401);
    expect((await grant({ grant_type: "refresh_token", refresh_token: caller.refresh_token })).status).toBe(400);
  });
});

async function familyOf(userId: string): Promise<{ familyId: string }> {
  const row = await db.session.findFirstOrThrow({ where: { userId, kind: "API" }, orderBy: { createdAt: "desc" } });
  return { familyId: row.id };
}
