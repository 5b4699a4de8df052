import { CompactEncrypt, generateKeyPair, importJWK, type CompactJWEHeaderParameters, type JWK } from "jose";
import { describe, expect, it, vi } from "vitest";
import { call, insertSignedInUser, insertUser, queuedEmails, sessionCookieFrom } from "@/lib/testing/fixtures";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { POST as login } from "./login/route";
import { POST as changePassword } from "./password/change/route";
import { POST as forgotPassword } from "./password/forgot/route";
import { POST as register } from "./register/route";

// A rotated key set, newest first: X25519 (ECDH-ES+A256KW), then an older RSA key
// (RSA-OAEP-256) and an even older P-256 key. Set before the configuration is first imported.
await vi.hoisted(async () => {
  const { generateKeyPairSync } = await import("node:crypto");
  const jwk = (type: "x25519" | "rsa" | "ec", kid: string, alg: string) => {
    const { privateKey } =
      type === "rsa"
        ? generateKeyPairSync("rsa", { modulusLength: 2048 })
        : type === "ec"
          ? generateKeyPairSync("ec", { namedCurve: "P-256" })
          : generateKeyPairSync("x25519");
    return { ...privateKey.export({ format: "jwk" }), kid, alg };
  };
  process.env.JWE_PRIVATE_JWKS = JSON.stringify([
    jwk("x25519", "newest", "ECDH-ES+A256KW"),
    jwk("rsa", "older-rsa", "RSA-OAEP-256"),
    jwk("ec", "oldest-ec", "ECDH-ES+A256KW"),
  ]);
});

async function publishedKeys(): Promise<JWK[]> {
  return ((await jwks().json()) as { keys: JWK[] }).keys;
}

async function publishedKey(kid = "newest"): Promise<JWK> {
  const key = (await publishedKeys()).find((k) => k.kid === kid);
  if (!key) throw new Error(`no published key ${kid}`);
  return key;
}

/** Encrypts to a published key; `header` overrides the algorithms (the key is imported for `alg`). */
async function encryptTo(
  jwk: JWK,
  payload: string,
  header: Partial<CompactJWEHeaderParameters> & { zip?: string } = {},
): Promise<string> {
  const protectedHeader = { alg: jwk.alg ?? "ECDH-ES+A256KW", enc: "A256GCM", kid: jwk.kid, ...header };
  const key = await importJWK(jwk, protectedHeader.alg);
  return new CompactEncrypt(new TextEncoder().encode(payload)).setProtectedHeader(protectedHeader).encrypt(key);
}

const JOSE = { "content-type": "application/jose" };

async function loginWith(raw: string): Promise<Response> {
  return call(login, "POST", "/api/v1/auth/login", { raw, headers: JOSE });
}

async function expectInvalidJwe(raw: string, why: string): Promise<void> {
  const response = await loginWith(raw);
  expect(response.status, why).toBe(400);
  expect((await response.json()).code, why).toBe("invalid_jwe");
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
    // A password change gives the current session a new id (and cookie).
    const garbage = await call(changePassword, "POST", "/api/v1/auth/password/change", {
      cookie: sessionCookieFrom(changed) || cookie,
      raw: "not-a-jwe",
      headers: jose,
    });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).code).toBe("invalid_jwe");
  });

  it("refuses a JWE text too long to hold a 16 KiB body with 413, without decrypting it", async () => {
    const response = await loginWith("a".repeat(32 * 1024));
    expect(response.status).toBe(413);
    expect((await response.json()).code).toBe("payload_too_large");
  });

  it("applies the 16 KiB limit to the decrypted body: a larger plaintext gets 413", async () => {
    const user = await insertUser();
    const body = (padding: number) =>
      JSON.stringify({ identifier: user.username, password: user.password, padding: "x".repeat(padding) });
    const overhead = body(0).length;
    // Exactly at the limit: decrypted and handled (the padding field is ignored).
    const atLimit = await loginWith(await encryptTo(await publishedKey(), body(16 * 1024 - overhead)));
    expect(atLimit.status).toBe(200);
    // One byte more: refused, although the JWE text itself is within what the transport allows.
    const jwe = await encryptTo(await publishedKey(), body(16 * 1024 - overhead + 1));
    expect(jwe.length).toBeLessThan(24 * 1024);
    const over = await loginWith(jwe);
    expect(over.status).toBe(413);
    expect((await over.json()).code).toBe("payload_too_large");
  });
});

describe("application/jose: accepted algorithms and keys", () => {
  it("publishes every key of the rotated set, each with the one algorithm it accepts", async () => {
    const keys = await publishedKeys();
    expect(keys.map((k) => [k.kid, k.kty, k.alg])).toEqual([
      ["newest", "OKP", "ECDH-ES+A256KW"],
      ["older-rsa", "RSA", "RSA-OAEP-256"],
      ["oldest-ec", "EC", "ECDH-ES+A256KW"],
    ]);
  });

  it("accepts RSA-OAEP-256 and ECDH-ES+A256KW with A256GCM, to the newest and to older keys of the set", async () => {
    for (const kid of ["newest", "older-rsa", "oldest-ec"]) {
      const user = await insertUser();
      const jwe = await encryptTo(
        await publishedKey(kid),
        JSON.stringify({ identifier: user.username, password: user.password }),
      );
      const response = await loginWith(jwe);
      expect(response.status, kid).toBe(200);
      expect(sessionCookieFrom(response), kid).toBeTruthy();
    }
  });

  it("decrypts a JWE without kid with the newest key", async () => {
    const user = await insertUser();
    const key = await publishedKey("newest");
    const payload = new TextEncoder().encode(JSON.stringify({ identifier: user.username, password: user.password }));
    const jwe = await new CompactEncrypt(payload)
      .setProtectedHeader({ alg: "ECDH-ES+A256KW", enc: "A256GCM" })
      .encrypt(await importJWK(key, "ECDH-ES+A256KW"));
    expect((await loginWith(jwe)).status).toBe(200);
  });

  it("refuses every other key-management algorithm with 400 invalid_jwe", async () => {
    const body = JSON.stringify({ identifier: "someone", password: "whatever-it-is" });
    const ec = await publishedKey("newest");
    const rsa = await publishedKey("older-rsa");
    // Key agreement without key wrapping, or with a weaker wrap, to a key that is ours.
    await expectInvalidJwe(await encryptTo(ec, body, { alg: "ECDH-ES" }), "ECDH-ES");
    await expectInvalidJwe(await encryptTo(ec, body, { alg: "ECDH-ES+A128KW" }), "ECDH-ES+A128KW");
    await expectInvalidJwe(await encryptTo(rsa, body, { alg: "RSA-OAEP" }), "RSA-OAEP");
    // An algorithm that is allowed, but not the one of the key the kid names.
    const rsaToEcKid = await encryptTo(rsa, body, { kid: "newest" });
    await expectInvalidJwe(rsaToEcKid, "RSA-OAEP-256 to an ECDH key");
    // Symmetric: a shared secret the sender chose ("dir") or a password whose cost the sender picks.
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const direct = await new CompactEncrypt(new TextEncoder().encode(body))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: "newest" })
      .encrypt(secret);
    await expectInvalidJwe(direct, "dir");
    const pbes2 = await new CompactEncrypt(new TextEncoder().encode(body))
      .setProtectedHeader({ alg: "PBES2-HS512+A256KW", enc: "A256GCM", kid: "newest", p2c: 1_000_000 })
      .encrypt(new TextEncoder().encode("a password"));
    await expectInvalidJwe(pbes2, "PBES2");
  });

  it("refuses every content cipher but A256GCM with 400 invalid_jwe", async () => {
    const body = JSON.stringify({ identifier: "someone", password: "whatever-it-is" });
    for (const enc of ["A128GCM", "A192GCM", "A128CBC-HS256", "A256CBC-HS512"]) {
      await expectInvalidJwe(await encryptTo(await publishedKey("newest"), body, { enc }), enc);
      await expectInvalidJwe(await encryptTo(await publishedKey("older-rsa"), body, { enc }), `RSA ${enc}`);
    }
  });

  it("refuses a compressed (zip) payload with 400 invalid_jwe, even a valid one", async () => {
    const user = await insertUser();
    const body = JSON.stringify({ identifier: user.username, password: user.password });
    await expectInvalidJwe(await encryptTo(await publishedKey("newest"), body, { zip: "DEF" }), "zip DEF");
    // The same body uncompressed signs in: only the compression was refused.
    expect((await loginWith(await encryptTo(await publishedKey("newest"), body))).status).toBe(200);
  });
});
