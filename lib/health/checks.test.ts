import { describe, expect, it } from "vitest";
import { createReadinessCheck } from "./checks";

const never = () => new Promise<never>(() => undefined);
const ok = () => Promise.resolve("PONG");

describe("createReadinessCheck", () => {
  it("counts a service that does not answer within the timeout as down, and shares one round among callers", async () => {
    let calls = 0;
    const check = createReadinessCheck(
      {
        db: ok,
        redis: () => {
          calls++;
          return never();
        },
        rabbitmq: () => Promise.reject(new Error("refused")),
      },
      { timeoutMs: 50, cacheMs: 1_000 },
    );
    const results = await Promise.all([check(), check(), check()]);
    for (const result of results) {
      expect(result).toEqual({ ready: false, checks: { db: "ok", redis: "error", rabbitmq: "error" } });
    }
    expect(calls).toBe(1);
  });

  it("reuses a result for cacheMs after its round ended, then probes again", async () => {
    let now = 0;
    let calls = 0;
    const check = createReadinessCheck(
      {
        db: async () => {
          calls++;
        },
        redis: ok,
        rabbitmq: ok,
      },
      { cacheMs: 1_000, now: () => now },
    );
    expect((await check()).ready).toBe(true);
    now = 999;
    await check();
    expect(calls).toBe(1);
    now = 1_000;
    await check();
    expect(calls).toBe(2);
  });
});
