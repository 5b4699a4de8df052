import { generateKeyPairSync } from "node:crypto";
import { CompactEncrypt, decodeProtectedHeader, importJWK, type CompactJWEHeaderParameters } from "jose";
import { describe, expect, it } from "vitest";
import { config, type PrivateJwk } from "../config";
import {
  CONTENT_ENCRYPTION,
  JweError,
  KEY_MANAGEMENT_ALGORITHMS,
  algorithmFor,
  decryptWithOwnKeys,
  encryptToOwnKey,
  publicJwk,
} from "./jwe";

function x25519(kid: string): PrivateJwk {
  return { ...generateKeyPairSync("x25519").privateKey.export({ format: "jwk" }), kid } as PrivateJwk;
}

describe("JWE to our own key set", () => {
  it("round-trips through the newest key and names it in the header", async () => {
    const keys = [x25519("new"), x25519("old")];
    const jwe = await encryptToOwnKey("hello", keys);
    const header = JSON.parse(Buffer.from(jwe.split(".")[0]!, "base64url").toString()) as Record<string, string>;
    expect(header).toMatchObject({ alg: "ECDH-ES+A256KW", enc: "A256GCM", kid: "new" });
    expect(new TextDecoder().decode((await decryptWithOwnKeys(jwe, keys)).plaintext)).toBe("hello");
  });

  it("keeps keys apart by their material, not only their kid (two sets reusing a kid)", async () => {
    const first = [x25519("k1")];
    const second = [x25519("k1")];
    const toFirst = await encryptToOwnKey("for the first", first);
    const toSecond = await encryptToOwnKey("for the second", second);
    expect(new TextDecoder().decode((await decryptWithOwnKeys(toFirst, first)).plaintext)).toBe("for the first");
    expect(new TextDecoder().decode((await decryptWithOwnKeys(toSecond, second)).plaintext)).toBe("for the second");
    // And one set never opens what was encrypted to the other's key of the same name.
    await expect(decryptWithOwnKeys(toSecond, first)).rejects.toThrow();
  });

  it("publishes only the public half, with use and the key's one algorithm", () => {
    const rsa = {
      ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
      kid: "r",
    } as PrivateJwk;
    const published = publicJwk(rsa);
    expect(published).toMatchObject({ kty: "RSA", kid: "r", use: "enc", alg: "RSA-OAEP-256" });
    for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(published).not.toHaveProperty(secret);
  });
});

const rsa = (kid: string) =>
  ({ ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid }) as PrivateJwk;

/** A JWE to `key` made by hand, for headers encryptToOwnKey never writes. */
async function jweTo(key: PrivateJwk, header: CompactJWEHeaderParameters, plaintext = "hello"): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader(header)
    .encrypt(await importJWK(publicJwk(key), header.alg));
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JweError);
  expect((error as Error).name).toBe("JweError");
  return error as Error;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("the accepted algorithms", () => {
  it("are ECDH-ES+A256KW or RSA-OAEP-256 key management with A256GCM content encryption", () => {
    expect(KEY_MANAGEMENT_ALGORITHMS).toEqual(["ECDH-ES+A256KW", "RSA-OAEP-256"]);
    expect(CONTENT_ENCRYPTION).toBe("A256GCM");
  });

  it("give RSA keys RSA-OAEP-256 and every other key ECDH-ES+A256KW, unless the key names its algorithm", () => {
    expect(algorithmFor({ kty: "RSA" })).toBe("RSA-OAEP-256");
    expect(algorithmFor({ kty: "RSA", alg: "RSA-OAEP-256" })).toBe("RSA-OAEP-256");
    expect(algorithmFor({ kty: "OKP" })).toBe("ECDH-ES+A256KW");
    expect(algorithmFor({ kty: "EC" })).toBe("ECDH-ES+A256KW");
    expect(algorithmFor({ kty: "EC", alg: "ECDH-ES+A256KW" })).toBe("ECDH-ES+A256KW");
    expect(algorithmFor({ kty: "RSA", alg: "ECDH-ES+A256KW" })).toBe("ECDH-ES+A256KW");
  });
});

describe("publicJwk", () => {
  it("drops every private field, symmetric key material included", () => {
    const published = publicJwk({ ...x25519("x"), p: "p", q: "q", dp: "dp", dq: "dq", qi: "qi", oth: [], k: "k" });
    for (const secret of ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]) expect(published).not.toHaveProperty(secret);
    expect(published).toMatchObject({ kty: "OKP", crv: "X25519", kid: "x", use: "enc", alg: "ECDH-ES+A256KW" });
    expect(published.x).toEqual(expect.any(String));
  });
});

describe("encryptToOwnKey", () => {
  it("refuses to encrypt when no key is configured", async () => {
    expect((await refusal(encryptToOwnKey("hello", []))).message).toBe("no encryption key configured");
  });

  it("encrypts bytes as well as text, to an RSA key with RSA-OAEP-256", async () => {
    const keys = [rsa("r")];
    const jwe = await encryptToOwnKey(new Uint8Array([104, 105]), keys);
    expect(decodeProtectedHeader(jwe)).toEqual({ alg: "RSA-OAEP-256", enc: "A256GCM", kid: "r" });
    expect(text((await decryptWithOwnKeys(jwe, keys)).plaintext)).toBe("hi");
  });

  it("uses the configured keys by default", async () => {
    const jwe = await encryptToOwnKey("configured");
    expect(decodeProtectedHeader(jwe).kid).toBe(config.jwks[0]!.kid);
    expect(text((await decryptWithOwnKeys(jwe)).plaintext)).toBe("configured");
  });
});

describe("decryptWithOwnKeys", () => {
  it("still decrypts what an older key of the set encrypted (rotation)", async () => {
    const old = x25519("old");
    const jwe = await encryptToOwnKey("from before", [old]);
    expect(text((await decryptWithOwnKeys(jwe, [x25519("new"), old])).plaintext)).toBe("from before");
  });

  it("takes the newest key for a JWE without kid, and only that one", async () => {
    const [newest, older] = [x25519("new"), x25519("old")];
    const toNewest = await jweTo(newest, { alg: "ECDH-ES+A256KW", enc: "A256GCM" });
    expect(text((await decryptWithOwnKeys(toNewest, [newest, older])).plaintext)).toBe("hello");
    const toOlder = await jweTo(older, { alg: "ECDH-ES+A256KW", enc: "A256GCM" });
    expect((await refusal(decryptWithOwnKeys(toOlder, [newest, older]))).message).toMatch(/^does not decrypt: /);
  });

  it("refuses a kid that is not in the set", async () => {
    const jwe = await encryptToOwnKey("hello", [x25519("gone")]);
    expect((await refusal(decryptWithOwnKeys(jwe, [x25519("k")]))).message).toBe("not encrypted to one of our keys");
  });

  it("refuses an algorithm other than the key's own, even to the right key", async () => {
    const key = rsa("r");
    const jwe = await jweTo(key, { alg: "RSA-OAEP", enc: "A256GCM", kid: "r" });
    expect((await refusal(decryptWithOwnKeys(jwe, [key]))).message).toBe("not encrypted to one of our keys");
  });

  it("refuses a content cipher other than A256GCM, even to the right key", async () => {
    const key = x25519("k");
    const jwe = await jweTo(key, { alg: "ECDH-ES+A256KW", enc: "A128GCM", kid: "k" });
    expect((await refusal(decryptWithOwnKeys(jwe, [key]))).message).toMatch(/^does not decrypt: /);
  });

  it("refuses compressed plaintext, even to the right key", async () => {
    const key = x25519("k");
    const jwe = await jweTo(key, { alg: "ECDH-ES+A256KW", enc: "A256GCM", kid: "k", zip: "DEF" });
    expect((await refusal(decryptWithOwnKeys(jwe, [key]))).message).toBe("compressed JWE payloads are refused");
  });

  it("refuses a tampered JWE", async () => {
    const keys = [x25519("k")];
    const parts = (await encryptToOwnKey("pay 10", keys)).split(".");
    const ciphertext = Buffer.from(parts[3]!, "base64url");
    ciphertext[0] = ciphertext[0]! ^ 1;
    parts[3] = ciphertext.toString("base64url");
    expect((await refusal(decryptWithOwnKeys(parts.join("."), keys))).message).toMatch(/^does not decrypt: /);
  });

  it("refuses text that is not a compact JWE", async () => {
    for (const jwe of ["", "hello", "a.b.c.d.e"]) {
      expect((await refusal(decryptWithOwnKeys(jwe, [x25519("k")]))).message).toBe("not a compact JWE");
    }
  });

  it("keeps RSA keys of two sets apart by their modulus, not only their kid", async () => {
    const first = [rsa("same")];
    const second = [rsa("same")];
    const toFirst = await encryptToOwnKey("first", first);
    const toSecond = await encryptToOwnKey("second", second);
    expect(text((await decryptWithOwnKeys(toFirst, first)).plaintext)).toBe("first");
    expect(text((await decryptWithOwnKeys(toSecond, second)).plaintext)).toBe("second");
    await expect(decryptWithOwnKeys(toSecond, first)).rejects.toThrow(JweError);
  });
});
