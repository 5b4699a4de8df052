import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { config } from "../../config";

/**
 * Authenticated encryption of small secrets the server must read back (an authenticator app's
 * TOTP secret, recovery codes waiting to be shown once): AES-256-GCM under a key derived with
 * HKDF-SHA256 from AUTH_SECRET, one key per purpose. A database dump alone does not reveal them.
 *
 * Sealed form: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. `context` (e.g. the user id) is
 * bound as additional data: a sealed value copied to another user's row does not open there.
 * Changing AUTH_SECRET makes every sealed value unreadable (authenticators must be set up again).
 */
export type SecretPurpose = "totp-secret" | "recovery-codes-shown-once";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Sealed values are small; anything longer is refused before any work. */
const MAX_SEALED_LENGTH = 8 * 1024;
const PART = /^[A-Za-z0-9_-]*$/;

const keys = new Map<string, Buffer>();
function keyFor(purpose: SecretPurpose, secret: string): Buffer {
  const cacheKey = `${purpose}\0${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "authcore", `authcore/${purpose}/${VERSION}`, 32));
    keys.set(cacheKey, key);
  }
  return key;
}

type BoxOptions = { purpose?: SecretPurpose; secret?: string };

export function sealSecret(plaintext: string, context: string, options: BoxOptions = {}): string {
  const key = keyFor(options.purpose ?? "totp-secret", options.secret ?? config.auth.secret);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export class SecretBoxError extends Error {
  constructor() {
    super("The sealed secret could not be opened.");
    this.name = "SecretBoxError";
  }
}

/**
 * Opens a sealed value. Throws SecretBoxError when it is malformed, tampered with, or sealed under
 * another key, purpose or context.
 */
export function openSecret(sealed: string, context: string, options: BoxOptions = {}): string {
  if (typeof sealed !== "string" || sealed.length > MAX_SEALED_LENGTH) throw new SecretBoxError();
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION || !parts.every((p) => PART.test(p))) throw new SecretBoxError();
  const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, "base64url")) as [Buffer, Buffer, Buffer];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError();
  const key = keyFor(options.purpose ?? "totp-secret", options.secret ?? config.auth.secret);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError();
  }
}
