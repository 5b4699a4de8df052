import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { useVhost } from "../lib/testing/rabbitmq";
import { spawnTsx } from "../lib/testing/processes";

describe("worker process", () => {
  it("connects to every service, logs structured JSON, and stops cleanly on SIGTERM", async () => {
    await useVhost();
    const worker = spawnTsx("worker/main.ts");
    const ready = await worker.waitForLog("worker ready");
    expect(ready).toMatchObject({ level: "info", service: "worker" });
    expect(typeof ready.time).toBe("string");

    const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0");
    const heartbeatKey = `${process.env.REDIS_KEY_PREFIX}worker:heartbeat:${worker.child.pid}`;
    const beat = await redis.get(heartbeatKey);
    expect(beat).not.toBeNull();

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    await worker.waitForLog("worker stopped");
    // Stopped cleanly: the heartbeat goes at once instead of lingering until it expires.
    expect(await redis.get(heartbeatKey)).toBeNull();
    redis.disconnect();
  });

  it("waits for an unreachable service with backoff instead of crashing, and still stops on SIGINT", async () => {
    const worker = spawnTsx("worker/main.ts", { REDIS_URL: "redis://127.0.0.1:1/0" });
    const waiting = await worker.waitForLog("waiting for redis");
    expect(waiting).toMatchObject({ service: "redis", level: "warn" });
    worker.child.kill("SIGINT");
    expect((await worker.exited).code).toBe(0);
  });

  it("refuses to start with invalid configuration, naming every bad variable", async () => {
    const worker = spawnTsx("worker/main.ts", { BCRYPT_COST: "abc", RABBITMQ_URL: "http://x" });
    expect((await worker.exited).code).toBe(1);
    const output = worker.lines.join("\n");
    expect(output).toMatch(/Invalid configuration/);
    expect(output).toMatch(/BCRYPT_COST/);
    expect(output).toMatch(/RABBITMQ_URL/);
  });
});
