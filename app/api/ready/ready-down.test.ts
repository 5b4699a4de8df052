import { describe, expect, it } from "vitest";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";

describe("readiness with services down", () => {
  it("answers 503 and names each service that does not answer", async () => {
    // Nothing listens on port 1: Redis and RabbitMQ are unreachable for this file's modules.
    process.env.REDIS_URL = "redis://127.0.0.1:1/0";
    process.env.RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:1/%2F";
    const { GET } = await import("@/app/api/ready/route");
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await expectDocumentedResponse(response, "/api/ready")).toEqual({
      status: "unavailable",
      checks: { db: "ok", redis: "error", rabbitmq: "error" },
    });
  });
});
