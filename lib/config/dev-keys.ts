import { createHash, createPrivateKey, hkdfSync, type JsonWebKey } from "node:crypto";

// PKCS#8 DER prefix of an X25519 private key; the 32 raw key bytes follow it.
const X25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");

/** A stable development secret, so that restarts and the worker agree without configuration. */
export function deriveDevSecret(seed: string, purpose: string): string {
  return createHash("sha256").update(`authcore-dev:${purpose}:${seed}`).digest("base64url");
}

/**
 * A deterministic X25519 key pair for development, derived from the development secret, so
 * that the web app and the worker use the same key without any configuration. Production
 * must configure JWE_PRIVATE_JWKS.
 */
export function deriveDevJwk(secret: string): JsonWebKey & { kid: string } {
  const raw = Buffer.from(hkdfSync("sha256", secret, "authcore", "dev-jwe-x25519", 32));
  const key = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, raw]), format: "der", type: "pkcs8" });
  const jwk = key.export({ format: "jwk" });
  const kid = `dev-${createHash("sha256")
    .update(jwk.x ?? "")
    .digest("base64url")
    .slice(0, 12)}`;
  return { ...jwk, kid, use: "enc", alg: "ECDH-ES+A256KW" };
}
