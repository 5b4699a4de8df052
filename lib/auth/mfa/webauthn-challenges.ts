import { randomBytes } from "node:crypto";
import { z } from "zod";
import { config } from "../../config";
import { redis } from "../../redis";

/**
 * WebAuthn challenges live on the server (Redis), never in a cookie or the client's hands: the
 * browser gets an opaque random id, and the challenge behind it is taken (GETDEL) exactly once,
 * within 5 minutes. Both web instances share Redis, so a ceremony may start on one and end on the
 * other.
 */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

const KEY_PREFIX = "webauthn:challenge:";
const ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;

const ChallengeSchema = z.object({
  /** Which ceremony it was issued for: a registration challenge never signs anyone in. */
  purpose: z.enum(["registration", "authentication"]),
  /** The base64url challenge the authenticator must sign (options.challenge). */
  challenge: z.string().min(1),
  /** The user it was issued to; null for a discoverable sign-in (the passkey names its user). */
  userId: z.string().nullable(),
  userVerification: z.enum(["required", "preferred"]),
});
export type WebAuthnChallenge = z.infer<typeof ChallengeSchema>;

/** Stores a challenge for 5 minutes under a fresh random id, and returns that id. */
export async function storeChallenge(data: WebAuthnChallenge): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await redis.set(`${KEY_PREFIX}${id}`, JSON.stringify(data), "EX", CHALLENGE_TTL_SECONDS);
  return id;
}

/** The challenge stored under `id`, removed as it is read (single use); null when unknown, used or expired. */
export async function takeChallenge(id: string): Promise<WebAuthnChallenge | null> {
  if (typeof id !== "string" || !ID_PATTERN.test(id)) return null;
  const raw = await redis.getdel(`${KEY_PREFIX}${id}`);
  if (raw === null) return null;
  try {
    const parsed = ChallengeSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type RelyingParty = {
  /** The RP ID: APP_URL's host name (a passkey works on every port and scheme of that host). */
  id: string;
  name: string;
  /**
   * The origins a ceremony may come from. Only APP_URL's: each web instance is configured with the
   * address it is reached at (the e2e suite's http and https servers each have their own APP_URL),
   * and the request's Host header is never believed.
   */
  origins: string[];
};

export function relyingParty(): RelyingParty {
  const url = new URL(config.appUrl);
  return { id: url.hostname, name: "Authcore", origins: [url.origin] };
}
