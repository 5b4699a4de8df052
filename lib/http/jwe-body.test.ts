import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { config, type PrivateJwk } from "../config";
import { encryptToOwnKey } from "../keys/jwe";
import { MAX_BODY_BYTES } from "./body";
import { JOSE_CONTENT_TYPE, decryptJweBody, publicJwks, readJsonOrJwe } from "./jwe-body";
import { appErrorFrom } from "../testing/app-error";

const x25519 = (kid: string) =>
  ({ ...generateKeyPairSync("x25519").privateKey.export({ format: "jwk" }), kid }) as PrivateJwk;

const post = (body: string, type: string) =>
  new Request("http://localhost/x", { method: "POST", body, headers: { "content-type": type } });

/** The JWE limit: a compact JWE of a 16 KiB body, 4/3 of it in base64url, plus 4 KiB for header and tag. */
const MAX_JWE_BYTES = Math.ceil((MAX_BODY_BYTES * 4) / 3) + 4096;

const schema = z.object({ name: z.string() });

describe("publicJwks", () => {
  it("publishes the public half of every asymmetric key, and no symmetric key", () => {
    const keys = [x25519("a"), { kty: "oct", k: "c2VjcmV0", kid: "sym" } as PrivateJwk, x25519("b")];
    const published = publicJwks(keys).keys;
    expect(published.map((key) => key.kid)).toEqual(["a", "b"]);
    for (const key of published) {
      expect(key).not.toHaveProperty("d");
      expect(key).toMatchObject({ use: "enc", alg: "ECDH-ES+A256KW" });
    }
  });

  it("publishes the configured keys by default", () => {
    expect(publicJwks().keys.map((key) => key.kid)).toEqual(config.jwks.map((key) => key.kid));
  });
});

describe("decryptJweBody", () => {
  it("decrypts a JWE to one of our keys, ignoring surrounding whitespace", async () => {
    const keys = [x25519("k")];
    expect(await decryptJweBody(`\n ${await encryptToOwnKey('{"name":"ada"}', keys)} \n`, keys)).toBe('{"name":"ada"}');
  });

  it("refuses a JWE to another key, or anything that is not a JWE, as invalid_jwe", async () => {
    const other = await encryptToOwnKey("secret", [x25519("k")]);
    for (const body of [other, "not a jwe", ""]) {
      const error = await appErrorFrom(() => decryptJweBody(body, [x25519("k")]));
      expect(error.code).toBe("invalid_jwe");
      expect(error.message).toBe("The body is not a JWE encrypted to one of the keys at /.well-known/jwks.json.");
    }
  });

  it("applies the 16 KiB limit to the decrypted body", async () => {
    const keys = [x25519("k")];
    const exact = "a".repeat(MAX_BODY_BYTES);
    expect(await decryptJweBody(await encryptToOwnKey(exact, keys), keys)).toBe(exact);
    const error = await appErrorFrom(async () => decryptJweBody(await encryptToOwnKey(`${exact}b`, keys), keys));
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toBe(`The decrypted body must not exceed ${MAX_BODY_BYTES} bytes.`);
  });

  it("uses the configured keys by default", async () => {
    expect(await decryptJweBody(await encryptToOwnKey("hi"))).toBe("hi");
  });
});

describe("readJsonOrJwe", () => {
  it("reads a plain JSON body", async () => {
    expect(await readJsonOrJwe(post('{"name":"ada"}', "application/json"), schema)).toEqual({ name: "ada" });
  });

  it("reads the same JSON encrypted as a compact JWE (application/jose, in any case)", async () => {
    expect(JOSE_CONTENT_TYPE).toBe("application/jose");
    const jwe = await encryptToOwnKey('{"name":"ada","extra":1}');
    expect(await readJsonOrJwe(post(jwe, "application/jose"), schema)).toStrictEqual({ name: "ada" });
    expect(await readJsonOrJwe(post(jwe, "Application/JOSE; charset=us-ascii"), schema)).toEqual({ name: "ada" });
  });

  it("validates the decrypted JSON with the schema", async () => {
    const error = await appErrorFrom(async () =>
      readJsonOrJwe(post(await encryptToOwnKey('{"name":1}'), JOSE_CONTENT_TYPE), schema),
    );
    expect(error.code).toBe("validation_failed");
    const malformed = await appErrorFrom(async () =>
      readJsonOrJwe(post(await encryptToOwnKey("{"), JOSE_CONTENT_TYPE), schema),
    );
    expect(malformed.code).toBe("malformed_json");
  });

  it("accepts a JWE of a full 16 KiB body, although the JWE itself is larger", async () => {
    const body = JSON.stringify({ name: "a".repeat(MAX_BODY_BYTES - 11) });
    expect(body).toHaveLength(MAX_BODY_BYTES);
    const jwe = await encryptToOwnKey(body);
    expect(jwe.length).toBeGreaterThan(MAX_BODY_BYTES);
    expect(await readJsonOrJwe(post(jwe, JOSE_CONTENT_TYPE), schema)).toEqual({
      name: "a".repeat(MAX_BODY_BYTES - 11),
    });
  });

  it("refuses a JWE body over 4/3 of 16 KiB plus 4 KiB without decrypting it", async () => {
    expect(MAX_JWE_BYTES).toBe(25_942);
    const atLimit = await appErrorFrom(() => readJsonOrJwe(post("x".repeat(MAX_JWE_BYTES), JOSE_CONTENT_TYPE), schema));
    expect(atLimit.code).toBe("invalid_jwe");
    const over = await appErrorFrom(() =>
      readJsonOrJwe(post("x".repeat(MAX_JWE_BYTES + 1), JOSE_CONTENT_TYPE), schema),
    );
    expect(over.code).toBe("payload_too_large");
  });

  it("keeps the 16 KiB limit for plain JSON bodies", async () => {
    const error = await appErrorFrom(() =>
      readJsonOrJwe(post(JSON.stringify({ name: "a".repeat(MAX_BODY_BYTES) }), "application/json"), schema),
    );
    expect(error.code).toBe("payload_too_large");
  });

  it("refuses other content types with 415, naming both accepted ones", async () => {
    const error = await appErrorFrom(() =>
      readJsonOrJwe(post("name=ada", "application/x-www-form-urlencoded"), schema),
    );
    expect(error.code).toBe("unsupported_media_type");
    expect(error.message).toBe("Send the body as application/json or application/jose.");
  });

  it("reads a body without a Content-Type as JSON", async () => {
    const request = new Request("http://localhost/x", {
      method: "POST",
      body: new TextEncoder().encode('{"name":"x"}'),
    });
    expect(await readJsonOrJwe(request, schema)).toEqual({ name: "x" });
  });
});
