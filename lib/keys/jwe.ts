import {
  CompactEncrypt,
  compactDecrypt,
  decodeProtectedHeader,
  importJWK,
  type CompactDecryptResult,
  type CryptoKey,
  type JWK,
} from "jose";
import { config, type PrivateJwk } from "../config";

/**
 * Compact JWE to and from the server's own key set (JWE_PRIVATE_JWKS, newest first): encrypted
 * request bodies, sealed email payloads and, later, access tokens. Only two key-management
 * algorithms and one content cipher are accepted: asymmetric key agreement or transport with an
 * authenticated cipher. `dir` would need a shared secret, PBES2 lets the sender choose our CPU
 * cost, and compressed plaintext (`zip`) is refused (compression oracles, decompression bombs).
 */
export const KEY_MANAGEMENT_ALGORITHMS = ["ECDH-ES+A256KW", "RSA-OAEP-256"] as const;
export const CONTENT_ENCRYPTION = "A256GCM";

export class JweError extends Error {
  override name = "JweError";
}

/** The key-management algorithm a key of this type uses. */
export function algorithmFor(jwk: Pick<JWK, "kty" | "alg">): (typeof KEY_MANAGEMENT_ALGORITHMS)[number] {
  if (jwk.alg === "RSA-OAEP-256" || (!jwk.alg && jwk.kty === "RSA")) return "RSA-OAEP-256";
  return "ECDH-ES+A256KW";
}

const PRIVATE_FIELDS = new Set(["d", "p", "q", "dp", "dq", "qi", "oth", "k"]);

/** The public half of a private JWK. */
export function publicJwk(key: PrivateJwk): JWK {
  const pub = Object.fromEntries(Object.entries(key).filter(([name]) => !PRIVATE_FIELDS.has(name))) as JWK;
  return { ...pub, use: "enc", kid: key.kid, alg: algorithmFor(key as JWK) };
}

// Imported keys by their public material, not only their kid: a kid is a label, and two key
// sets (a rotation, a test) may reuse one for different keys.
const imported = new Map<string, Promise<CryptoKey | Uint8Array>>();
function importKey(jwk: JWK, alg: string, use: "public" | "private"): Promise<CryptoKey | Uint8Array> {
  const cacheKey = `${use}:${alg}:${jwk.kid}:${jwk.x ?? ""}:${jwk.y ?? ""}:${jwk.n ?? ""}`;
  let key = imported.get(cacheKey);
  if (!key) {
    key = importJWK(jwk, alg);
    imported.set(cacheKey, key);
  }
  return key;
}

/** Encrypts to the newest key of the set (its `kid` in the header, with `header`'s `typ`/`cty` if given). */
export async function encryptToOwnKey(
  plaintext: string | Uint8Array,
  keys: readonly PrivateJwk[] = config.jwks,
  header: { typ?: string; cty?: string } = {},
): Promise<string> {
  const newest = keys[0];
  if (!newest) throw new JweError("no encryption key configured");
  const alg = algorithmFor(newest as JWK);
  const bytes = typeof plaintext === "string" ? new TextEncoder().encode(plaintext) : plaintext;
  return new CompactEncrypt(bytes)
    .setProtectedHeader({ ...header, alg, enc: CONTENT_ENCRYPTION, kid: newest.kid })
    .encrypt(await importKey(publicJwk(newest), alg, "public"));
}

/**
 * Decrypts a compact JWE addressed to one of our keys (by `kid`; without one, the newest key).
 * Keys later in the set still decrypt, so rotation never breaks what an older key encrypted.
 * Anything else (another key, another algorithm, compression, tampering) throws JweError.
 */
export async function decryptWithOwnKeys(
  jwe: string,
  keys: readonly PrivateJwk[] = config.jwks,
): Promise<CompactDecryptResult> {
  let header;
  try {
    header = decodeProtectedHeader(jwe);
  } catch {
    throw new JweError("not a compact JWE");
  }
  if ("zip" in header) throw new JweError("compressed JWE payloads are refused");
  const jwk = header.kid ? keys.find((k) => k.kid === header.kid) : keys[0];
  if (!jwk || typeof header.alg !== "string" || header.alg !== algorithmFor(jwk as JWK)) {
    throw new JweError("not encrypted to one of our keys");
  }
  try {
    return await compactDecrypt(jwe, await importKey(jwk as JWK, header.alg, "private"), {
      keyManagementAlgorithms: [...KEY_MANAGEMENT_ALGORITHMS],
      contentEncryptionAlgorithms: [CONTENT_ENCRYPTION],
    });
  } catch (error) {
    throw new JweError(`does not decrypt: ${(error as Error).message}`);
  }
}
