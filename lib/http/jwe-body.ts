import { compactDecrypt, importJWK, type CryptoKey, type JWK } from "jose";
import type { z } from "zod";
import { config, type PrivateJwk } from "../config";
import { isJsonContentType, parseJsonText, readBodyText, validate } from "./body";
import { AppError } from "../errors";

export const JOSE_CONTENT_TYPE = "application/jose";

// Asymmetric key agreement / key transport only: "dir" would need a shared secret, and PBES2
// lets a sender choose the iteration count (a cheap way to burn our CPU).
const KEY_MANAGEMENT_ALGORITHMS = [
  "ECDH-ES",
  "ECDH-ES+A128KW",
  "ECDH-ES+A192KW",
  "ECDH-ES+A256KW",
  "RSA-OAEP",
  "RSA-OAEP-256",
];
const CONTENT_ENCRYPTION_ALGORITHMS = [
  "A128GCM",
  "A192GCM",
  "A256GCM",
  "A128CBC-HS256",
  "A192CBC-HS384",
  "A256CBC-HS512",
];

const PRIVATE_FIELDS = new Set(["d", "p", "q", "dp", "dq", "qi", "oth", "k"]);

/** The public half of every configured key, as published at /.well-known/jwks.json. */
export function publicJwks(keys: readonly PrivateJwk[] = config.jwks): { keys: JWK[] } {
  return {
    keys: keys
      .filter((key) => key.kty !== "oct")
      .map((key) => {
        const pub = Object.fromEntries(Object.entries(key).filter(([name]) => !PRIVATE_FIELDS.has(name))) as JWK;
        return { ...pub, use: "enc", kid: key.kid };
      }),
  };
}

const importedKeys = new Map<string, Promise<CryptoKey | Uint8Array>>();
function privateKey(jwk: PrivateJwk, alg: string): Promise<CryptoKey | Uint8Array> {
  const cacheKey = `${jwk.kid}:${alg}`;
  let key = importedKeys.get(cacheKey);
  if (!key) {
    key = importJWK(jwk as JWK, alg);
    importedKeys.set(cacheKey, key);
  }
  return key;
}

/**
 * Decrypts a compact JWE addressed to one of our keys (chosen by `kid`; without a `kid`, the
 * newest key) and returns the plaintext. Anything that does not decrypt: 400 `invalid_jwe`.
 */
export async function decryptJweBody(jwe: string, keys: readonly PrivateJwk[] = config.jwks): Promise<string> {
  const invalid = () =>
    new AppError("invalid_jwe", "The body is not a JWE encrypted to one of the keys at /.well-known/jwks.json.");
  try {
    const { plaintext } = await compactDecrypt(
      jwe.trim(),
      async (header) => {
        const jwk = header.kid ? keys.find((k) => k.kid === header.kid) : keys[0];
        if (!jwk || !header.alg || (jwk.alg && jwk.alg !== header.alg)) throw invalid();
        return privateKey(jwk, header.alg);
      },
      {
        keyManagementAlgorithms: KEY_MANAGEMENT_ALGORITHMS,
        contentEncryptionAlgorithms: CONTENT_ENCRYPTION_ALGORITHMS,
      },
    );
    return new TextDecoder("utf-8").decode(plaintext);
  } catch {
    throw invalid();
  }
}

/**
 * Reads the body of a sensitive endpoint: JSON, or the same JSON encrypted as a compact JWE
 * (`Content-Type: application/jose`). Either way the size limit (16 KiB) and the schema apply.
 */
export async function readJsonOrJwe<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith(JOSE_CONTENT_TYPE)) {
    const text = await readBodyText(request);
    return validate(schema, parseJsonText(await decryptJweBody(text)));
  }
  if (!isJsonContentType(type)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json or application/jose.");
  }
  return validate(schema, parseJsonText(await readBodyText(request)));
}
