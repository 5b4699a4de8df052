import type { JWK } from "jose";
import type { z } from "zod";
import { config, type PrivateJwk } from "../config";
import { AppError } from "../errors";
import { decryptWithOwnKeys, publicJwk } from "../keys/jwe";
import { isJsonContentType, MAX_BODY_BYTES, parseJsonText, readBodyText, validate } from "./body";

export const JOSE_CONTENT_TYPE = "application/jose";

/** A compact JWE of a 16 KiB body is about 4/3 of it in base64url, plus the header and tag. */
const MAX_JWE_BYTES = Math.ceil((MAX_BODY_BYTES * 4) / 3) + 4096;

/** The public half of every configured key, as published at /.well-known/jwks.json. */
export function publicJwks(keys: readonly PrivateJwk[] = config.jwks): { keys: JWK[] } {
  return { keys: keys.filter((key) => key.kty !== "oct").map(publicJwk) };
}

/**
 * Decrypts a compact JWE request body addressed to one of our keys and returns the plaintext.
 * Anything that does not decrypt (see lib/keys/jwe.ts for what is refused): 400 `invalid_jwe`.
 * The 16 KiB body limit applies to the decrypted text too: 413.
 */
export async function decryptJweBody(jwe: string, keys: readonly PrivateJwk[] = config.jwks): Promise<string> {
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await decryptWithOwnKeys(jwe.trim(), keys));
  } catch {
    throw new AppError("invalid_jwe", "The body is not a JWE encrypted to one of the keys at /.well-known/jwks.json.");
  }
  if (plaintext.byteLength > MAX_BODY_BYTES) {
    throw new AppError("payload_too_large", `The decrypted body must not exceed ${MAX_BODY_BYTES} bytes.`);
  }
  return new TextDecoder("utf-8").decode(plaintext);
}

/**
 * Reads the body of a sensitive endpoint: JSON, or the same JSON encrypted as a compact JWE
 * (`Content-Type: application/jose`). Either way the size limit (16 KiB) applies. Not validated.
 */
export async function readJsonOrJweValue(request: Request): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith(JOSE_CONTENT_TYPE)) {
    const text = await readBodyText(request, MAX_JWE_BYTES);
    return parseJsonText(await decryptJweBody(text));
  }
  if (!isJsonContentType(type)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json or application/jose.");
  }
  return parseJsonText(await readBodyText(request));
}

/** readJsonOrJweValue, validated with `schema`. */
export async function readJsonOrJwe<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  return validate(schema, await readJsonOrJweValue(request));
}
