import { describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";

describe("operations endpoints", () => {
  it("answer with exactly the bodies the OpenAPI document publishes", async () => {
    await expectDocumentedResponse(health(), "/api/health");
    await expectDocumentedResponse(await ready(), "/api/ready");
  });

  it("GET /api/health answers 200 {status:ok}", async () => {
    const response = health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("GET /api/ready answers 200 when PostgreSQL, Redis and RabbitMQ answer", async () => {
    const response = await ready();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", checks: { db: "ok", redis: "ok", rabbitmq: "ok" } });
  });
});
