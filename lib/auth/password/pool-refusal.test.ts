import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { dummyPasswordHash, hashPassword, MAX_QUEUED, PasswordPoolFullError, POOL_SIZE, verifyPassword } from "./pool";

// The process's pool state (see pool.ts): filling it by hand stands in for a burst of slow hashes.
type PoolState = { inFlight?: number; latencyMs?: number };
const state = () => (globalThis as { authcoreBcryptPool?: PoolState }).authcoreBcryptPool!;

let saved: PoolState = {};
afterEach(() => {
  Object.assign(state(), saved);
});

/** The Retry-After a refused call gets while the recent calls took `latencyMs`. */
async function retryAfterWhenFull(latencyMs: number | undefined): Promise<string | undefined> {
  saved = { inFlight: state().inFlight, latencyMs: state().latencyMs };
  state().inFlight = POOL_SIZE + MAX_QUEUED;
  state().latencyMs = latencyMs;
  try {
    await verifyPassword("any-password", "$2b$04$" + "a".repeat(53));
    throw new Error("expected a refusal");
  } catch (error) {
    expect(error).toBeInstanceOf(PasswordPoolFullError);
    return (error as PasswordPoolFullError).headers?.["Retry-After"];
  } finally {
    Object.assign(state(), saved);
  }
}

describe("a full password pool", () => {
  it("says how long to wait, in seconds, singular or plural", () => {
    const one = new PasswordPoolFullError(1);
    expect(one).toMatchObject({ code: "service_unavailable", status: 503, headers: { "Retry-After": "1" } });
    expect(one.message).toBe("Too many passwords are being checked right now. Try again in 1 second.");
    expect(new PasswordPoolFullError(7).message).toBe(
      "Too many passwords are being checked right now. Try again in 7 seconds.",
    );
  });

  it("asks to retry after about as long as the recent calls took: rounded up, at least 1 s, at most a minute", async () => {
    expect(await retryAfterWhenFull(2_500)).toBe("3");
    expect(await retryAfterWhenFull(3_000)).toBe("3");
    expect(await retryAfterWhenFull(10)).toBe("1");
    expect(await retryAfterWhenFull(0)).toBe("1");
    expect(await retryAfterWhenFull(600_000)).toBe("60");
    // Before any call finished: a second.
    expect(await retryAfterWhenFull(undefined)).toBe("1");
  });

  it("still accepts a call while one slot is left", async () => {
    saved = { inFlight: state().inFlight, latencyMs: state().latencyMs };
    state().inFlight = POOL_SIZE + MAX_QUEUED - 1;
    try {
      await expect(hashPassword("last-slot", 4)).resolves.toMatch(/^\$2b\$04\$/);
    } finally {
      Object.assign(state(), saved);
    }
  });

  it("learns the latency from the first call: a fresh pool's estimate is that call's duration", async () => {
    saved = { inFlight: state().inFlight, latencyMs: state().latencyMs };
    state().latencyMs = undefined;
    await hashPassword("measure-me-1", 4);
    const measured = state().latencyMs!;
    expect(measured).toBeGreaterThan(0);
    expect(measured).toBeLessThan(30_000);
    // The next call moves the average a fifth of the way towards its own duration.
    state().latencyMs = 50_000;
    await hashPassword("measure-me-2", 4);
    expect(state().latencyMs).toBeGreaterThan(40_000);
    expect(state().latencyMs).toBeLessThan(40_000 + 0.2 * 30_000);
  });

  it("gives exactly its own slot back, whatever the outcome, while other calls are in flight", async () => {
    saved = { inFlight: state().inFlight, latencyMs: state().latencyMs };
    state().inFlight = 3;
    try {
      await hashPassword("slot-back", 4);
      expect(state().inFlight).toBe(3);
      await verifyPassword("slot-back", "not-a-hash");
      expect(state().inFlight).toBe(3);
    } finally {
      Object.assign(state(), saved);
    }
  });

  it("moves its estimate a fifth of the way towards each call's duration", async () => {
    saved = { inFlight: state().inFlight, latencyMs: state().latencyMs };
    state().latencyMs = 0;
    try {
      const started = performance.now();
      await hashPassword("a-fifth", 4);
      const outside = performance.now() - started;
      expect(state().latencyMs).toBeGreaterThan(0);
      expect(state().latencyMs).toBeLessThanOrEqual(0.2 * outside);
    } finally {
      Object.assign(state(), saved);
    }
  });

  it("a dummy hash that could not be made is retried on the next call, not kept as a failure", async () => {
    saved = { inFlight: state().inFlight, latencyMs: state().latencyMs };
    state().inFlight = POOL_SIZE + MAX_QUEUED;
    await expect(dummyPasswordHash()).rejects.toBeInstanceOf(PasswordPoolFullError);
    Object.assign(state(), saved);
    const dummy = await dummyPasswordHash();
    expect(dummy).toMatch(/^\$2b\$/);
    expect(await dummyPasswordHash()).toBe(dummy);
  });
});
