import type * as Amqplib from "amqplib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { READINESS_CACHE_MS } from "@/lib/health/checks";
import { redis } from "@/lib/redis";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";

// Count the AMQP connections the readiness check opens, while really opening them.
const amqpConnects = vi.hoisted(() => ({ count: 0 }));
vi.mock("amqplib", async (importOriginal) => {
  const real = await importOriginal<typeof Amqplib>();
  return {
    ...real,
    connect: (...args: Parameters<typeof real.connect>) => {
      amqpConnects.count++;
      return real.connect(...args);
    },
  };
});

const TOKEN = "readiness-token-for-the-operations-test";
vi.hoisted(() => {
  process.env.READINESS_TOKEN = "readiness-token-for-the-operations-test";
});

/** A request to /api/ready as server.ts hands it to Next: the socket address last in X-Forwarded-For. */
function readyRequest(forwardedFor: string, headers: Record<string, string> = {}) {
  return new Request("http://localhost:3000/api/ready", { headers: { "x-forwarded-for": forwardedFor, ...headers } });
}
const REMOTE = "198.51.100.7";
const ALL_OK = { db: "ok", redis: "ok", rabbitmq: "ok" };

/** Lets the cached readiness result expire. */
function afterTheCache() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + READINESS_CACHE_MS + 1);
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("operations endpoints", () => {
  it("answer with exactly the bodies the OpenAPI document publishes", async () => {
    await expectDocumentedResponse(health(), "/api/health");
    await expectDocumentedResponse(await ready(readyRequest(REMOTE)), "/api/ready");
    await expectDocumentedResponse(await ready(readyRequest("127.0.0.1")), "/api/ready");
  });

  it("GET /api/health answers 200 {status:ok}", async () => {
    const response = health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("GET /api/ready shows each service to callers on this machine", async () => {
    for (const local of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const response = await ready(readyRequest(local));
      expect(response.status, local).toBe(200);
      expect(await response.json(), local).toEqual({ status: "ok", checks: ALL_OK });
    }
  });

  it("GET /api/ready gives remote callers the status only, even with a spoofed X-Forwarded-For", async () => {
    for (const forwardedFor of [REMOTE, `127.0.0.1, ${REMOTE}`, "localhost, 10.0.0.1"]) {
      const response = await ready(readyRequest(forwardedFor));
      expect(response.status, forwardedFor).toBe(200);
      expect(await response.json(), forwardedFor).toEqual({ status: "ok" });
    }
  });

  it("GET /api/ready shows each service to a remote caller with the readiness token, and only with it", async () => {
    const authorized = await ready(readyRequest(REMOTE, { authorization: `Bearer ${TOKEN}` }));
    expect(await authorized.json()).toEqual({ status: "ok", checks: ALL_OK });
    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      TOKEN,
      "Bearer ",
      `Basic ${TOKEN}`,
    ]) {
      const response = await ready(readyRequest(REMOTE, { authorization }));
      expect(await response.json(), authorization).toEqual({ status: "ok" });
    }
  });

  it("GET /api/ready answers a flood from one round of probes, then probes again once the result is stale", async () => {
    afterTheCache();
    const pings = vi.spyOn(redis, "ping");
    const responses = await Promise.all(Array.from({ length: 50 }, () => ready(readyRequest("127.0.0.1"))));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(pings).toHaveBeenCalledTimes(1);
    await ready(readyRequest(REMOTE));
    expect(pings).toHaveBeenCalledTimes(1);
    afterTheCache();
    await ready(readyRequest(REMOTE));
    expect(pings).toHaveBeenCalledTimes(2);
  });

  it("GET /api/ready keeps one connection to RabbitMQ instead of opening one per check", async () => {
    afterTheCache();
    await ready(readyRequest(REMOTE));
    const opened = amqpConnects.count;
    expect(opened).toBeLessThanOrEqual(1);
    for (let round = 0; round < 3; round++) {
      afterTheCache();
      expect((await ready(readyRequest("127.0.0.1"))).status).toBe(200);
    }
    expect(amqpConnects.count).toBe(opened === 0 ? 1 : opened);
    expect(amqpConnects.count).toBe(1);
  });
});
