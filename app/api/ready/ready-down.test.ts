import { describe, expect, it } from "vitest";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";

const request = (forwardedFor: string) =>
  new Request("http://localhost:3000/api/ready", { headers: { "x-forwarded-for": forwardedFor } });

describe("readiness with services down", () => {
  it("answers 503, naming each service that does not answer to local callers and none to others", async () => {
    // Nothing listens on port 1: Redis and RabbitMQ are unreachable for this file's modules.
    const original = { redis: process.env.REDIS_URL, rabbitmq: process.env.RABBITMQ_URL };
    process.env.REDIS_URL = "redis://127.0.0.1:1/0";
    process.env.RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:1/%2F";
    const { GET } = await import("@/app/api/ready/route");
    // The configuration has read them; the file's cleanup needs the real Redis again.
    for (const [name, value] of [
      ["REDIS_URL", original.redis],
      ["RABBITMQ_URL", original.rabbitmq],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const local = await GET(request("127.0.0.1"));
    expect(local.status).toBe(503);
    expect(await expectDocumentedResponse(local, "/api/ready")).toEqual({
      status: "unavailable",
      checks: { db: "ok", redis: "error", rabbitmq: "error" },
    });
    const remote = await GET(request("198.51.100.7"));
    expect(remote.status).toBe(503);
    expect(await expectDocumentedResponse(remote, "/api/ready")).toEqual({ status: "unavailable" });
  });
});
