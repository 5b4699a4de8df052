import { describe, expect, it } from "vitest";
import { withTimeout } from "./timeout";

describe("withTimeout", () => {
  it("passes through a value or an error that arrives in time", async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000)).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error("refused")), 1_000)).rejects.toThrow("refused");
  });

  it("rejects with the message when nothing arrives in time, and swallows a late failure", async () => {
    let fail: (error: Error) => void = () => undefined;
    const late = new Promise<never>((_, reject) => {
      fail = reject;
    });
    await expect(withTimeout(late, 10, "Redis did not answer")).rejects.toThrow("Redis did not answer");
    // Would be reported as an unhandled rejection (and fail the run) if it were not swallowed.
    fail(new Error("too late"));
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
});
