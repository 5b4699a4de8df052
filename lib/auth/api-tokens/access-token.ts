import { hkdfSync } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { config, type PrivateJwk } from "../../config";
import { decryptWithOwnKeys, encryptToOwnKey } from "../../keys/jwe";
import { BoundedMap } from "../../util/bounded-map";

/**
 * Access tokens for third-party clients: a JWT signed with a server secret (HS256), encrypted as
 * a compact JWE to the newest key of JWE_PRIVATE_JWKS (`typ: "at+jwt"`, `cty: "JWT"`). The
 * encryption keeps the claims private; the signature makes them ours: the encryption keys are
 * public (request bodies are encrypted to them), so a JWE alone proves nothing about its author.
 * Validity is checked in two halves: this module proves the token is ours and unexpired, the
 * session registry (family row) proves it is not revoked.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const ACCESS_TOKEN_TYPE = "at+jwt";
/** Longer values are not ours (ours are about 600 characters): refused before any decryption. */
export const MAX_ACCESS_TOKEN_LENGTH = 4096;
const CLOCK_TOLERANCE_SECONDS = 5;

export type AccessTokenClaims = {
  /** The user. */
  sub: string;
  /** The token family: its row id in the session registry. */
  fid: string;
  iat: number;
  exp: number;
};

let signingKey: Uint8Array | undefined;
function accessTokenSigningKey(): Uint8Array {
  signingKey ??= new Uint8Array(hkdfSync("sha256", config.auth.secret, "authcore", "access token signature", 32));
  return signingKey;
}

/** Makes an access token for the user `userId` in the token family `familyId`. */
export async function issueAccessToken(
  userId: string,
  familyId: string,
  keys: readonly PrivateJwk[] = config.jwks,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jws = await new SignJWT({ fid: familyId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuedAt(now)
    .setExpirationTime(now + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(accessTokenSigningKey());
  return encryptToOwnKey(jws, keys, { typ: ACCESS_TOKEN_TYPE, cty: "JWT" });
}

// Clients send the same token on every request for up to 15 minutes and decrypting one costs a
// key agreement, so the claims of recently verified tokens are kept in memory (bounded; expiry is
// re-checked on every hit). Revocation is never cached here: the registry checks it per request.
const verified = new BoundedMap<string, AccessTokenClaims>(10_000);

const live = (claims: AccessTokenClaims, nowSeconds: number) => claims.exp + CLOCK_TOLERANCE_SECONDS > nowSeconds;

/**
 * The claims of an access token we issued that has not expired, or null: malformed, too long,
 * encrypted to a key not in the set, of another type (a session cookie, an encrypted request
 * body), not signed by us, tampered with or expired. Does not check revocation.
 */
export async function decodeAccessToken(
  token: string,
  keys: readonly PrivateJwk[] = config.jwks,
): Promise<AccessTokenClaims | null> {
  if (token.length > MAX_ACCESS_TOKEN_LENGTH) return null;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const hit = verified.get(token);
  if (hit) {
    if (live(hit, nowSeconds)) return hit;
    verified.delete(token);
    return null;
  }
  try {
    const { plaintext, protectedHeader } = await decryptWithOwnKeys(token, keys);
    if (protectedHeader.typ !== ACCESS_TOKEN_TYPE) return null;
    const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), accessTokenSigningKey(), {
      algorithms: ["HS256"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["sub", "exp", "iat"],
    });
    if (typeof payload.fid !== "string") return null;
    const claims: AccessTokenClaims = { sub: payload.sub!, fid: payload.fid, iat: payload.iat!, exp: payload.exp! };
    verified.set(token, claims);
    return claims;
  } catch {
    return null;
  }
}
