import bcrypt from "bcryptjs";
import { createHmac } from "node:crypto";

/**
 * bcrypt reads only the first 72 bytes of its input, so long or multi-byte passwords would be
 * silently truncated. Every password is first normalised (NFKC) and pre-hashed with
 * HMAC-SHA-384 keyed by a server-side pepper; the 64-character base64 digest is what bcrypt
 * sees, so every character counts and a stolen database alone cannot be brute-forced.
 */
export function prehash(password: string, pepper: string): string {
  return createHmac("sha384", pepper).update(password.normalize("NFKC"), "utf8").digest("base64");
}

/** CPU-heavy: call through the password pool (lib/auth/password) on request paths. */
export function hashSync(password: string, pepper: string, cost: number): string {
  return bcrypt.hashSync(prehash(password, pepper), cost);
}

export function verifySync(password: string, hash: string, pepper: string): boolean {
  return bcrypt.compareSync(prehash(password, pepper), hash);
}
