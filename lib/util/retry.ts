import { setTimeout as sleep } from "node:timers/promises";

export type RetryOptions = {
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Give up after this many attempts (default: never). */
  maxAttempts?: number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
};

/** Runs `task` until it succeeds, waiting with exponential backoff and jitter between attempts. */
export async function retryWithBackoff<T>(task: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { initialDelayMs = 200, maxDelayMs = 10_000, maxAttempts = Infinity, signal, onRetry } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= maxAttempts || signal?.aborted) throw error;
      const base = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(base * (0.8 + Math.random() * 0.4));
      onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, undefined, { signal });
    }
  }
}
