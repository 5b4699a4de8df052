import type { RateLimitDecision } from "./types";

type Counter = { window: number; current: number; previous: number };

/**
 * An in-process sliding-window limiter with the same arithmetic as @upstash/ratelimit's
 * (the previous fixed window weighted by how much of it still overlaps the sliding one).
 * Used only while Redis is unreachable, so each instance then counts on its own: limits get
 * looser by the number of instances, but a single client still cannot flood one of them.
 */
export class MemorySlidingWindow {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  limit(key: string, tokens: number, now = Date.now()): RateLimitDecision {
    const window = Math.floor(now / this.windowMs);
    const counter = this.roll(key, window);
    const overlap = 1 - (now % this.windowMs) / this.windowMs;
    const used = Math.floor(counter.previous * overlap) + counter.current;
    const reset = (window + 1) * this.windowMs;
    const success = used < tokens;
    if (success) counter.current += 1;
    this.counters.set(key, counter);
    if (!success) return { success, limit: tokens, remaining: 0, reset };
    return { success: true, limit: tokens, remaining: Math.max(0, tokens - used - 1), reset };
  }

  get size(): number {
    return this.counters.size;
  }

  private roll(key: string, window: number): Counter {
    const existing = this.counters.get(key);
    if (existing) {
      // Re-insert so the map's order stays least-recently-used first for eviction.
      this.counters.delete(key);
      if (existing.window === window) return existing;
      const previous = existing.window === window - 1 ? existing.current : 0;
      return { window, current: 0, previous };
    }
    if (this.counters.size >= this.maxKeys) this.evict(window);
    return { window, current: 0, previous: 0 };
  }

  // Drops counters too old to matter, then the least recently used ones, to bound memory.
  private evict(window: number) {
    for (const [key, counter] of this.counters) {
      if (counter.window < window - 1) this.counters.delete(key);
    }
    const excess = this.counters.size - Math.floor(this.maxKeys * 0.9);
    if (excess <= 0) return;
    let dropped = 0;
    for (const key of this.counters.keys()) {
      if (dropped++ >= excess) break;
      this.counters.delete(key);
    }
  }
}
