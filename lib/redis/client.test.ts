import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, vi } from "vitest";
import { logger } from "../log";
import { createRedis } from "./client";

describe("redis connection", () => {
  it("warns once per outage, not once per reconnect attempt", async () => {
    const warn = vi.spyOn(logger, "warn");
    // Nothing listens on port 1: every reconnect attempt fails.
    const client = createRedis({ retryStrategy: () => 20, lazyConnect: true });
    client.options.port = 1;
    await client.connect().catch(() => undefined);
    await sleep(300);
    client.disconnect();
    const outageWarnings = warn.mock.calls.filter(
      ([, message]) => typeof message === "string" && message.startsWith("redis connection error"),
    );
    expect(outageWarnings).toHaveLength(1);
  });
});
