import { describe, expect, it } from "vitest";
import { rateLimitHeaders, rejectionHeaders } from "./headers";
import { addressBucket, identityKey } from "./identity";
import { isRateLimited } from "./scope";

describe("isRateLimited", () => {
  it("limits the API, Auth.js's endpoints and every state-changing request (server actions, form posts)", () => {
    expect(isRateLimited("/api/v1/me", "GET")).toBe(true);
    expect(isRateLimited("/api/auth/session", "GET")).toBe(true);
    expect(isRateLimited("/api/v1/auth/login", "POST")).toBe(true);
    expect(isRateLimited("/login", "POST")).toBe(true);
    expect(isRateLimited("/settings", "DELETE")).toBe(true);
  });

  it("leaves probes, the JWKS, page loads and assets alone", () => {
    expect(isRateLimited("/api/health", "GET")).toBe(false);
    expect(isRateLimited("/api/ready", "GET")).toBe(false);
    expect(isRateLimited("/.well-known/jwks.json", "GET")).toBe(false);
    expect(isRateLimited("/login", "GET")).toBe(false);
    expect(isRateLimited("/", "HEAD")).toBe(false);
    expect(isRateLimited("/_next/static/chunks/main.js", "GET")).toBe(false);
  });

  it("does not exempt look-alike paths", () => {
    expect(isRateLimited("/api/health/x", "GET")).toBe(true);
    expect(isRateLimited("/api/healthz", "GET")).toBe(true);
    expect(isRateLimited("/api/health", "POST")).toBe(false);
  });
});

describe("identity keys", () => {
  it("keys users by id and anonymous clients by address, IPv6 by /64", () => {
    expect(identityKey({ kind: "user", userId: "u1" })).toBe("user:u1");
    expect(identityKey({ kind: "anonymous", ip: "203.0.113.9" })).toBe("ip:203.0.113.9");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("2001:0db8:0001:0002:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
  });
});

describe("rate-limit headers", () => {
  const now = 1_000_000;
  it("sends limit, remaining and seconds until reset", () => {
    expect(rateLimitHeaders({ success: true, limit: 20, remaining: 7, reset: now + 12_300 }, now)).toEqual({
      "RateLimit-Limit": "20",
      "RateLimit-Remaining": "7",
      "RateLimit-Reset": "13",
    });
  });

  it("adds Retry-After to a refusal, at least one second", () => {
    expect(rejectionHeaders({ success: false, limit: 20, remaining: 0, reset: now }, now)).toMatchObject({
      "Retry-After": "1",
      "RateLimit-Remaining": "0",
    });
  });
});
