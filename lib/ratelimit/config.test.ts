import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config";

describe("rate-limit configuration", () => {
  it("defaults to 20/50 per minute on the local Redis", () => {
    const config = loadConfig({});
    expect(config.rateLimit).toEqual({ anonPerMinute: 20, userPerMinute: 50, upstash: null });
  });

  it("uses Upstash's REST API when both its URL and token are set", () => {
    const config = loadConfig({
      UPSTASH_REDIS_REST_URL: "https://eu1-example.upstash.io",
      UPSTASH_REDIS_REST_TOKEN: "token",
    });
    expect(config.rateLimit.upstash).toEqual({ url: "https://eu1-example.upstash.io", token: "token" });
  });

  it("refuses to start with only one of the two, or a URL that is not http(s)", () => {
    expect(() => loadConfig({ UPSTASH_REDIS_REST_URL: "https://eu1-example.upstash.io" })).toThrow(ConfigError);
    expect(() => loadConfig({ UPSTASH_REDIS_REST_URL: "redis://x", UPSTASH_REDIS_REST_TOKEN: "t" })).toThrow(
      /UPSTASH_REDIS_REST_URL/,
    );
  });
});
