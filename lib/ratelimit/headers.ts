import type { RateLimitDecision } from "./types";

/** Seconds until the window resets, never less than 1 (what clients wait after a 429). */
export function secondsUntilReset(decision: RateLimitDecision, now = Date.now()): number {
  return Math.max(1, Math.ceil((decision.reset - now) / 1000));
}

/** The RateLimit-* fields (IETF draft, delta-seconds reset) sent on every limited response. */
export function rateLimitHeaders(decision: RateLimitDecision, now = Date.now()): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(Math.max(0, decision.remaining)),
    "RateLimit-Reset": String(secondsUntilReset(decision, now)),
  };
}

/** Headers of a 429: the RateLimit fields plus Retry-After. */
export function rejectionHeaders(decision: RateLimitDecision, now = Date.now()): Record<string, string> {
  return { ...rateLimitHeaders(decision, now), "Retry-After": String(secondsUntilReset(decision, now)) };
}
