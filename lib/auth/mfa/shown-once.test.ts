import { describe, expect, it } from "vitest";
import { redis } from "../../redis";
import { keepCodesToShowOnce, takeCodesToShowOnce } from "./shown-once";

describe("codes shown once", () => {
  it("gives the kept codes to the same session once, sealed while they wait", async () => {
    await keepCodesToShowOnce("session-a", ["abcde-fghjk", "mnpqr-stvwx"]);
    const stored = await redis.get("mfa:codes-shown-once:session-a");
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain("abcde");
    expect(await redis.ttl("mfa:codes-shown-once:session-a")).toBeGreaterThan(500);
    expect(await takeCodesToShowOnce("session-b")).toBeNull();
    expect(await takeCodesToShowOnce("session-a")).toEqual(["abcde-fghjk", "mnpqr-stvwx"]);
    expect(await takeCodesToShowOnce("session-a")).toBeNull();
  });

  it("shows nothing for a value that does not open", async () => {
    await redis.set("mfa:codes-shown-once:session-c", "v1.not.a.box");
    expect(await takeCodesToShowOnce("session-c")).toBeNull();
  });
});
