import { CompactEncrypt, generateKeyPair, importJWK, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { call, insertSignedInUser, insertUser, queuedEmails, sessionCookieFrom } from "@/lib/testing/fixtures";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { POST as login } from "./login/route";
import { POST as changePassword } from "./password/change/route";
import { POST as forgotPassword } from "./password/forgot/route";
import { POST as register } from "./register/route";

async function publishedKey(): Promise<JWK> {
  const body = (await jwks().json()) as { keys: JWK[] };
  return body.keys[0]!;
}

async function encryptTo(jwk: JWK, payload: string): Promise<string> {
  const key = await importJWK(jwk, "ECDH-ES+A256KW");
  return new CompactEncrypt(new TextEncoder().encode(payload))
    .setProtectedHeader({ alg: "ECDH-ES+A256KW", enc: "A256GCM", kid: jwk.kid })
    .encrypt(key);
}

describe("GET /.well-known/jwks.json", () => {
  it("answers with exactly the body the OpenAPI document publishes", async () => {
    await expectDocumentedResponse(jwks(), "/.well-known/jwks.json");
  });

  it("publishes only public encryption keys, each with a kid", async () => {
    const response = jwks();
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: JWK[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.use).toBe("enc");
      expect(key.kid).toBeTruthy();
      for (const secret of ["d", "p", "q", "dp", "dq", "qi", "k"]) expect(key).not.toHaveProperty(secret);
    }
  });
});

describe("application/jose request bodies", () => {
  it("login accepts a compact JWE encrypted to the published key and sets the session cookie", async () => {
    const user = await insertUser();
    const jwe = await encryptTo(
      await publishedKey(),
      JSON.stringify({ identifier: user.username, password: user.password }),
    );
    const response = await call(login, "POST", "/api/v1/auth/login", {
      raw: jwe,
      headers: { "content-type": "application/jose" },
    });
    expect(response.status).toBe(200);
    expect(sessionCookieFrom(response)).toBeTruthy();
  });

  it("validates the decrypted JSON exactly like a JSON body", async () => {
    const jwe = await encryptTo(
      await publishedKey(),
      JSON.stringify({ username: "x", email: "bad", password: "short" }),
    );
    const response = await call(register, "POST", "/api/v1/auth/register", {
      raw: jwe,
      headers: { "content-type": "application/jose" },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe("validation_failed");
  });

  it("answers 400 invalid_jwe for a JWE to another key, a tampered one, garbage and an unknown kid", async () => {
    const { publicKey } = await generateKeyPair("ECDH-ES+A256KW", { crv: "X25519", extractable: true });
    const foreign = await new CompactEncrypt(new TextEncoder().encode("{}"))
      .setProtectedHeader({ alg: "ECDH-ES+A256KW", enc: "A256GCM", kid: (await publishedKey()).kid })
      .encrypt(publicKey);
    const good = await encryptTo(await publishedKey(), JSON.stringify({ identifier: "a", password: "b" }));
    const parts = good.split(".");
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
    const unknownKid = await encryptTo({ ...(await publishedKey()), kid: "nope" }, "{}");
    for (const raw of [foreign, parts.join("."), "not-a-jwe", "a.b.c.d.e", unknownKid]) {
      const response = await call(login, "POST", "/api/v1/auth/login", {
        raw,
        headers: { "content-type": "application/jose" },
      });
      expect(response.status).toBe(400);
      expect((await response.json()).code).toBe("invalid_jwe");
    }
  });

  it("password forgot and change (the other sensitive endpoints) accept a JWE body too", async () => {
    const { user, cookie } = await insertSignedInUser();
    const key = await publishedKey();
    const jose = { "content-type": "application/jose" };
    const forgot = await call(forgotPassword, "POST", "/api/v1/auth/password/forgot", {
      raw: await encryptTo(key, JSON.stringify({ email: user.email })),
      headers: jose,
    });
    expect(forgot.status).toBe(202);
    expect((await queuedEmails(user.email)).map((m) => m.template)).toEqual(["password-reset"]);
    const body = JSON.stringify({ currentPassword: user.password, newPassword: "a-Fresh-secret-2024!" });
    const changed = await call(changePassword, "POST", "/api/v1/auth/password/change", {
      cookie,
      raw: await encryptTo(key, body),
      headers: jose,
    });
    expect(changed.status).toBe(200);
    const garbage = await call(changePassword, "POST", "/api/v1/auth/password/change", {
      cookie,
      raw: "not-a-jwe",
      headers: jose,
    });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).code).toBe("invalid_jwe");
  });

  it("refuses JWE bodies over 16 KiB with 413", async () => {
    const response = await call(login, "POST", "/api/v1/auth/login", {
      raw: "a".repeat(17 * 1024),
      headers: { "content-type": "application/jose" },
    });
    expect(response.status).toBe(413);
  });
});
