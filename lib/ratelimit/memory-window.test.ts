import { describe, expect, it } from "vitest";
import { MemorySlidingWindow } from "./memory-window";

describe("MemorySlidingWindow", () => {
  it("allows the limit within a window and refuses the next request", () => {
    const window = new MemorySlidingWindow(60_000);
    const now = 6_000_000; // start of a window
    const results = Array.from({ length: 4 }, () => window.limit("a", 3, now));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]!.reset).toBe(now + 60_000);
  });

  it("weights the previous window by how much of it the sliding window still covers", () => {
    const window = new MemorySlidingWindow(60_000);
    const start = 6_000_000;
    for (let i = 0; i < 10; i++) window.limit("a", 10, start);
    // Half-way through the next window, half of the previous 10 still count.
    const halfway = start + 90_000;
    const results = Array.from({ length: 6 }, () => window.limit("a", 10, halfway));
    expect(results.filter((r) => r.success)).toHaveLength(5);
    // Two windows later nothing carries over.
    expect(window.limit("a", 10, start + 180_000)).toMatchObject({ success: true, remaining: 9 });
  });

  it("keeps separate counts per key and bounds its memory", () => {
    const window = new MemorySlidingWindow(60_000, 100);
    for (let i = 0; i < 1_000; i++) window.limit(`k${i}`, 5, 6_000_000);
    expect(window.size).toBeLessThanOrEqual(100);
    expect(window.limit("k999", 5, 6_000_000)).toMatchObject({ success: true, remaining: 3 });
  });
});
