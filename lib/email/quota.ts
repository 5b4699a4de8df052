import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { EmailMessage } from "./messages";

// A silent per-recipient quota: at most `limit` messages per category (an email template, or a
// kind of request) to one address in a sliding window. Each message is counted once, by its id:
// a redelivery or a retry of an admitted message is admitted again without counting twice, and a
// refused message is not counted, so the address still gets `limit` per window however hard
// someone pushes. Refusals are the caller's to drop quietly: never an error to the requester.

const HOUR_MS = 3_600_000;

/** What the message ledger records for a message dropped by the quota (outcomes only, never data). */
export const OVER_QUOTA_RESULT = "dropped:over-quota";

// KEYS[1] the sorted set of admitted message ids (score: admission time);
// ARGV: now (ms), window (ms), limit, message id. Returns 1 when admitted, 0 when refused.
const ADMIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;
const ADMIT_SHA = createHash("sha1").update(ADMIT).digest("hex");

export type RecipientQuota = {
  /** Whether the message `messageId` to `recipient` may go out (and counts it if so). */
  admit(category: string, recipient: string, messageId: string): Promise<boolean>;
};

/** The Redis key of one recipient's count in one category: the address is hashed, not stored. */
export function quotaKey(category: string, recipient: string): string {
  const hash = createHash("sha256").update(recipient.trim().toLowerCase()).digest("hex").slice(0, 32);
  return `email-quota:${category}:${hash}`;
}

/**
 * The quota category of an email: its template, and for security notices the event too, so that
 * a burst of one kind of notice cannot silence the notice of another change.
 */
export function emailQuotaCategory(message: EmailMessage): string {
  return message.template === "security-notice" ? `security-notice:${message.data.event}` : message.template;
}

/**
 * The quota on Redis (shared by every worker). When Redis cannot answer, messages are admitted
 * and `onError` is told: the quota protects inboxes from abuse, it must not stop every email.
 */
export function redisRecipientQuota(
  redis: Redis,
  options: { limit: number; windowMs?: number; now?: () => number; onError?: (error: Error) => void },
): RecipientQuota {
  const windowMs = options.windowMs ?? HOUR_MS;
  const now = options.now ?? Date.now;
  return {
    async admit(category, recipient, messageId) {
      const key = quotaKey(category, recipient);
      const args = [String(now()), String(windowMs), String(options.limit), messageId];
      try {
        const admitted = await redis.evalsha(ADMIT_SHA, 1, key, ...args).catch((error: Error) => {
          if (!error.message.includes("NOSCRIPT")) throw error;
          return redis.eval(ADMIT, 1, key, ...args);
        });
        return admitted === 1;
      } catch (error) {
        options.onError?.(error as Error);
        return true;
      }
    },
  };
}
