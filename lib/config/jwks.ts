import { createPrivateKey, createPublicKey, type JsonWebKey } from "node:crypto";

/** The key types lib/keys/jwe.ts accepts: ECDH-ES+A256KW on X25519 or P-256/384/521, RSA-OAEP-256 on RSA. */
const EC_CURVES: Record<string, string> = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1" };
const MIN_RSA_BITS = 2048;

type KeyInput = JsonWebKey & { kid: string; alg?: string };

/**
 * What is wrong with one private JWK of JWE_PRIVATE_JWKS, or null. Checked at startup, because
 * a key that only fails when first used fails late and far away: sealing the first email, or
 * a client encrypting to a published public half that does not belong to the private key.
 */
export function jwkProblem(jwk: KeyInput): string | null {
  const expectedAlg = jwk.kty === "RSA" ? "RSA-OAEP-256" : "ECDH-ES+A256KW";
  if (jwk.alg !== undefined && jwk.alg !== expectedAlg)
    return `key ${jwk.kid}: ${jwk.kty} keys must use ${expectedAlg}`;
  let key;
  try {
    key = createPrivateKey({ key: jwk, format: "jwk" });
  } catch {
    return `key ${jwk.kid}: not a valid private key`;
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (jwk.kty === "OKP" && key.asymmetricKeyType !== "x25519") return `key ${jwk.kid}: an OKP key must be X25519`;
  if (jwk.kty === "EC" && (!jwk.crv || EC_CURVES[jwk.crv] !== details.namedCurve)) {
    return `key ${jwk.kid}: an EC key must be on P-256, P-384 or P-521`;
  }
  if (jwk.kty === "RSA" && (details.modulusLength ?? 0) < MIN_RSA_BITS) {
    return `key ${jwk.kid}: an RSA key must have at least ${MIN_RSA_BITS} bits`;
  }
  // The published public half is taken from the JWK as written: it must be this key's.
  const derived = createPublicKey(key).export({ format: "jwk" });
  for (const member of ["x", "y", "n", "e"] as const) {
    if (derived[member] !== undefined && jwk[member] !== derived[member]) {
      return `key ${jwk.kid}: its public members do not match its private key`;
    }
  }
  return null;
}

/** Problems of a whole key set: each key's, and kids used twice (a kid must name one key). */
export function jwksProblems(keys: readonly KeyInput[]): string[] {
  const problems = keys.map(jwkProblem).filter((problem): problem is string => problem !== null);
  const kids = keys.map((key) => key.kid);
  const duplicates = [...new Set(kids.filter((kid, index) => kids.indexOf(kid) !== index))];
  if (duplicates.length > 0) problems.push(`kid used by more than one key: ${duplicates.join(", ")}`);
  return problems;
}
