// When a queued message stops being worth delivering. The outbox row's `expiresAt` (the expiry of
// the link an email carries) travels with the broker message as a header, and as the per-message
// `expiration` RabbitMQ enforces by itself, recomputed on every republish.

/** Header with the time (ISO 8601) after which the message must not be delivered. */
export const EXPIRES_AT_HEADER = "x-expires-at";

type Headers = Record<string, unknown> | undefined;

/** The deadline a broker message carries, or null when it has none (or an unreadable one). */
export function expiryOf(headers: Headers): Date | null {
  const value = headers?.[EXPIRES_AT_HEADER];
  if (typeof value !== "string") return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

/** Milliseconds left before `expiresAt` (≤ 0 once it passed); null without a deadline. */
export function remainingMs(expiresAt: Date | null, now = Date.now()): number | null {
  return expiresAt === null ? null : expiresAt.getTime() - now;
}

/**
 * The per-message `expiration` property (milliseconds, as RabbitMQ wants it: a string) for a
 * message with `remaining` milliseconds left, at most `capMs`; undefined for neither.
 */
export function expirationProperty(remaining: number | null, capMs?: number): string | undefined {
  const ttl = remaining === null ? capMs : capMs === undefined ? remaining : Math.min(remaining, capMs);
  return ttl === undefined ? undefined : String(Math.max(1, Math.ceil(ttl)));
}
