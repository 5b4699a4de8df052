import { describe, expect, it } from "vitest";
import { retryDelaysMs, retryQueueFor, retryQueueName } from "./retry-policy";

describe("email retry schedule", () => {
  it("backs off by a factor of four per attempt, capped at one hour", () => {
    expect(retryDelaysMs(6, 5_000)).toEqual([5_000, 20_000, 80_000, 320_000, 1_280_000]);
    expect(retryDelaysMs(8, 60_000).at(-1)).toBe(3_600_000);
    expect(retryDelaysMs(1, 5_000)).toEqual([]);
  });

  it("sends attempt n to the delay queue of its scheduled backoff", () => {
    // Defaults: EMAIL_MAX_ATTEMPTS=6, EMAIL_RETRY_BASE_MS=5000.
    expect(retryQueueFor(1)).toEqual({ queue: retryQueueName(5_000), delayMs: 5_000 });
    expect(retryQueueFor(2)).toEqual({ queue: retryQueueName(20_000), delayMs: 20_000 });
  });

  it("honours a provider's Retry-After longer than the scheduled backoff by waiting in a longer delay queue", () => {
    // Retry-After: 60 s on the first attempt: the 5 s queue would retry too early.
    expect(retryQueueFor(1, 60_000)).toEqual({ queue: retryQueueName(80_000), delayMs: 80_000 });
    // A Retry-After shorter than the schedule does not shorten it.
    expect(retryQueueFor(3, 1_000).delayMs).toBe(80_000);
    // Longer than every delay queue: the longest one.
    expect(retryQueueFor(1, 24 * 3_600_000).delayMs).toBe(1_280_000);
  });
});
