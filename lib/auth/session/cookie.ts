import { hkdf } from "node:crypto";
import { promisify } from "node:util";
import { EncryptJWT, jwtDecrypt, base64url, calculateJwkThumbprint } from "jose";
import { config } from "../../config";
import { BoundedMap } from "../../util/bounded-map";

/**
 * The browser session cookie: an Auth.js-format JWE (`dir` + A256CBC-HS512, key derived with
 * HKDF from AUTH_SECRET and salted with the cookie name), so Auth.js (OAuth sign-in) and our
 * own login write and read the same cookie. Over https the name carries the `__Host-` prefix
 * (Secure, Path=/, no Domain).
 */
export const SESSION_COOKIE_NAME = config.secureCookies ? "__Host-authjs.session-token" : "authjs.session-token";

/** What the session cookie carries. `sid` is the random session id whose hash keys the Session row. */
export type SessionClaims = {
  sub: string;
  sid: string;
  /** Absolute expiry of the session (seconds since epoch): sliding renewal never passes it. */
  aexp: number;
  iat?: number;
  exp?: number;
};

const hkdfAsync = promisify(hkdf);

async function deriveKey(secret: string, salt: string): Promise<Uint8Array> {
  const info = `Auth.js Generated Encryption Key (${salt})`;
  return new Uint8Array(await hkdfAsync("sha256", secret, salt, info, 64));
}

// Deriving a key is the expensive part of reading a cookie; do it once per process and cookie name.
const cachedKeys = new Map<string, Promise<{ key: Uint8Array; kid: string }>>();

/** The JWE key of a cookie: derived from AUTH_SECRET and salted with the cookie's name, as Auth.js does. */
export function cookieKey(cookieName: string): Promise<{ key: Uint8Array; kid: string }> {
  let cached = cachedKeys.get(cookieName);
  if (!cached) {
    cached = deriveKey(config.auth.secret, cookieName).then(async (key) => ({
      key,
      kid: await calculateJwkThumbprint({ kty: "oct", k: base64url.encode(key) }, "sha512"),
    }));
    cachedKeys.set(cookieName, cached);
  }
  return cached;
}

const sessionKey = () => cookieKey(SESSION_COOKIE_NAME);

export function cookieOptions(expires: Date) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: config.secureCookies,
    expires,
  };
}

/** Encrypts the claims into a cookie value valid for `maxAgeSeconds`. */
export async function encodeSessionToken(claims: SessionClaims, maxAgeSeconds: number): Promise<string> {
  const { key, kid } = await sessionKey();
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT({ ...claims })
    .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512", kid })
    .setIssuedAt(now)
    .setExpirationTime(now + maxAgeSeconds)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

// Decrypting is the costly step of reading a cookie (~0.5 ms) and a browser sends the same value
// on every request, so the claims of recently decrypted values are kept in memory (bounded,
// oldest evicted first). Only successful decryptions are cached, and expiry is re-checked on
// every hit; revocation is never cached here (lib/auth/session/store.ts checks it per request).
const decoded = new BoundedMap<string, SessionClaims>(10_000);

function stillValid(claims: SessionClaims, nowSeconds: number): boolean {
  return claims.aexp > nowSeconds && (claims.exp === undefined || claims.exp + 15 > nowSeconds);
}

/** Decrypts a cookie value; null when it is malformed, forged or expired. Does not check revocation. */
export async function decodeSessionToken(value: string | undefined | null): Promise<SessionClaims | null> {
  if (!value || value.length > 4096) return null;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const hit = decoded.get(value);
  // Stryker disable next-line BlockStatement: a skipped cache hit is decrypted and checked again, with the same answer
  if (hit) {
    if (stillValid(hit, nowSeconds)) return hit;
    decoded.delete(value);
    return null;
  }
  try {
    const { key } = await sessionKey();
    const { payload } = await jwtDecrypt(value, key, {
      clockTolerance: 15,
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256CBC-HS512"],
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string" || typeof payload.aexp !== "number")
      return null;
    const claims = payload as unknown as SessionClaims;
    if (!stillValid(claims, nowSeconds)) return null;
    decoded.set(value, claims);
    return claims;
  } catch {
    return null;
  }
}
