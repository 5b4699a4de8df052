import { redis } from "../../redis";
import { openSecret, sealSecret, SecretBoxError } from "./secret-box";

/**
 * New recovery codes on their way to the page that shows them: a browser form's action keeps them
 * here (sealed, for one session, 10 minutes) and redirects; the page takes them with GETDEL, so
 * they are shown once and never travel in a URL. A reload finds nothing.
 */
const TTL_SECONDS = 600;
const key = (sessionId: string) => `mfa:codes-shown-once:${sessionId}`;
const OPTIONS = { purpose: "recovery-codes-shown-once" } as const;

export async function keepCodesToShowOnce(sessionId: string, codes: string[]): Promise<void> {
  await redis.set(key(sessionId), sealSecret(JSON.stringify(codes), sessionId, OPTIONS), "EX", TTL_SECONDS);
}

/** The codes kept for this session, removed as they are read; null when there are none (or they expired). */
export async function takeCodesToShowOnce(sessionId: string): Promise<string[] | null> {
  const sealed = await redis.getdel(key(sessionId));
  if (!sealed) return null;
  try {
    const codes: unknown = JSON.parse(openSecret(sealed, sessionId, OPTIONS));
    return Array.isArray(codes) && codes.every((c) => typeof c === "string") ? codes : null;
  } catch (error) {
    if (error instanceof SecretBoxError || error instanceof SyntaxError) return null;
    throw error;
  }
}
