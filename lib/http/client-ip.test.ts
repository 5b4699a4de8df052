import { describe, expect, it } from "vitest";
import { UNKNOWN_CLIENT_IP, clientIp, forwardedForWithPeer, normalizeIp } from "./client-ip";

const xff = (value?: string) => new Headers(value === undefined ? {} : { "x-forwarded-for": value });

describe("clientIp", () => {
  it("with no trusted proxy uses the socket address our server appended (the last entry)", () => {
    expect(clientIp(xff("198.51.100.7"), 0)).toBe("198.51.100.7");
  });

  it("ignores addresses a client put in X-Forwarded-For itself when no proxy is trusted", () => {
    expect(clientIp(xff("1.2.3.4, 5.6.7.8, 198.51.100.7"), 0)).toBe("198.51.100.7");
  });

  it("with one trusted proxy takes the entry that proxy wrote, not the client's spoofed ones", () => {
    // client sent "6.6.6.6", proxy appended the client's real address, our server appended the proxy's.
    expect(clientIp(xff("6.6.6.6, 203.0.113.9, 10.0.0.2"), 1)).toBe("203.0.113.9");
  });

  it("with two trusted proxies counts two hops from the right", () => {
    expect(clientIp(xff("6.6.6.6, 203.0.113.9, 10.0.0.3, 10.0.0.2"), 2)).toBe("203.0.113.9");
  });

  it("never reaches further left than the chain when it is shorter than the proxy count", () => {
    expect(clientIp(xff("203.0.113.9"), 3)).toBe("203.0.113.9");
  });

  it("returns a fixed marker when there is no address or the chosen entry is not an address", () => {
    expect(clientIp(xff(), 0)).toBe(UNKNOWN_CLIENT_IP);
    expect(clientIp(xff(" , "), 0)).toBe(UNKNOWN_CLIENT_IP);
    expect(clientIp(xff("1.2.3.4, not-an-ip"), 0)).toBe(UNKNOWN_CLIENT_IP);
  });

  it("treats IPv4-mapped IPv6 as the IPv4 address", () => {
    expect(clientIp(xff("::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
  });
});

describe("normalizeIp", () => {
  it("accepts IPv4 and IPv6 with or without ports and brackets", () => {
    expect(normalizeIp("203.0.113.9")).toBe("203.0.113.9");
    expect(normalizeIp("203.0.113.9:51234")).toBe("203.0.113.9");
    expect(normalizeIp("2001:DB8::1")).toBe("2001:db8::1");
    expect(normalizeIp("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("fe80::1%eth0")).toBe("fe80::1");
  });

  it("rejects values that are not addresses", () => {
    expect(normalizeIp("unknown")).toBeNull();
    expect(normalizeIp("")).toBeNull();
    expect(normalizeIp("999.1.1.1")).toBeNull();
    expect(normalizeIp("1.2.3.4; drop")).toBeNull();
  });
});

describe("forwardedForWithPeer", () => {
  it("appends the socket address after whatever the client or proxies sent", () => {
    expect(forwardedForWithPeer(undefined, "::ffff:127.0.0.1")).toBe("::ffff:127.0.0.1");
    expect(forwardedForWithPeer("6.6.6.6", "198.51.100.7")).toBe("6.6.6.6, 198.51.100.7");
    expect(forwardedForWithPeer(["6.6.6.6", "7.7.7.7"], "198.51.100.7")).toBe("6.6.6.6, 7.7.7.7, 198.51.100.7");
    expect(forwardedForWithPeer("  ", "198.51.100.7")).toBe("198.51.100.7");
  });

  it("lets a spoofed header change nothing: the client IP is still the socket address", () => {
    const headers = new Headers({ "x-forwarded-for": forwardedForWithPeer("1.1.1.1, 2.2.2.2", "198.51.100.7") });
    expect(clientIp(headers, 0)).toBe("198.51.100.7");
  });
});
