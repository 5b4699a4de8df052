/** Who a request is counted against: a signed-in user, or the client address when anonymous. */
export type RateLimitIdentity = { kind: "user"; userId: string } | { kind: "anonymous"; ip: string };

export type RateLimitDecision = {
  success: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends (ms since epoch). */
  reset: number;
};

export type RateLimitResult = RateLimitDecision & {
  /** "redis" when the shared count decided; "memory" when Redis was unreachable. */
  source: "redis" | "memory";
};
