import { describe, expect, it } from "vitest";
import {
  UNKNOWN_CLIENT_IP,
  addressBucket,
  clientIp,
  forwardedForWithPeer,
  isLoopbackAddress,
  normalizeIp,
} from "./client-ip";

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

describe("clientIp, further", () => {
  it("reads the number of trusted proxies from the configuration by default (none in tests)", () => {
    expect(clientIp(xff("6.6.6.6, 203.0.113.9"))).toBe("203.0.113.9");
  });

  it("skips empty entries when counting hops from the right", () => {
    expect(clientIp(xff("203.0.113.9, , 10.0.0.2,"), 1)).toBe("203.0.113.9");
  });

  it("names the marker 'unknown'", () => {
    expect(UNKNOWN_CLIENT_IP).toBe("unknown");
  });
});

describe("normalizeIp, further", () => {
  it("unwraps a bracketed address without a port, and an IPv4-mapped one in brackets, in any case", () => {
    expect(normalizeIp("[::1]")).toBe("::1");
    expect(normalizeIp("[::FFFF:203.0.113.9]:443")).toBe("203.0.113.9");
    expect(normalizeIp(" 203.0.113.9 ")).toBe("203.0.113.9");
  });

  it("does not mistake the end of an IPv6 address for a port", () => {
    expect(normalizeIp("2001:db8::8080")).toBe("2001:db8::8080");
    expect(normalizeIp("::1")).toBe("::1");
  });

  it("refuses a port that is not a number, and a mapped prefix around something that is not IPv4", () => {
    expect(normalizeIp("203.0.113.9:http")).toBeNull();
    expect(normalizeIp("x203.0.113.9:80")).toBeNull();
    expect(normalizeIp("::ffff:1.2.3")).toBeNull();
    expect(normalizeIp("203.0.113.9:80x")).toBeNull();
  });

  it("refuses anything around a bracketed address but a port", () => {
    expect(normalizeIp("x[::1]")).toBeNull();
    expect(normalizeIp("[::1]:80x")).toBeNull();
    expect(normalizeIp("[::1]x")).toBeNull();
  });

  it("refuses an IPv6 address with a port unless it is bracketed", () => {
    expect(normalizeIp("::ffff:203.0.113.9:443")).toBeNull();
  });

  it("unwraps only the IPv4-mapped prefix, not an address that merely ends like one", () => {
    expect(normalizeIp("::ffff:203.10.113.99")).toBe("203.10.113.99");
    expect(normalizeIp("2001:db8::ffff:1.2.3.4")).toBe("2001:db8::ffff:1.2.3.4");
    expect(normalizeIp("::ffff:1.2.3.4.5")).toBeNull();
  });
});

describe("forwardedForWithPeer, further", () => {
  it("records an unknown peer as 'unknown', never as nothing", () => {
    expect(forwardedForWithPeer("6.6.6.6", undefined)).toBe("6.6.6.6, unknown");
    expect(forwardedForWithPeer(undefined, undefined)).toBe("unknown");
    expect(forwardedForWithPeer(" 6.6.6.6 ", "198.51.100.7")).toBe("6.6.6.6, 198.51.100.7");
  });
});

describe("addressBucket", () => {
  it("counts an IPv4 address on its own", () => {
    expect(addressBucket("203.0.113.9")).toBe("203.0.113.9");
  });

  it("counts an IPv6 address by its /64, in canonical lower-case form without leading zeros", () => {
    expect(addressBucket("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0DB8:0000:00a2:ffff::1")).toBe("2001:db8:0:a2::/64");
  });

  it("gives every address of one /64 the same bucket, however it is written", () => {
    const bucket = addressBucket("2001:db8:0:7::1");
    expect(addressBucket("2001:db8::7:0:0:0:2")).toBe(bucket);
    expect(addressBucket("2001:db8:0:7:ffff:ffff:ffff:ffff")).toBe(bucket);
    expect(bucket).toBe("2001:db8:0:7::/64");
    expect(addressBucket("2001:db8:0:8::1")).not.toBe(bucket);
  });

  it("expands '::' at the start, in the middle and at the end", () => {
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("::")).toBe("0:0:0:0::/64");
    expect(addressBucket("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("2001:db8:5::1")).toBe("2001:db8:5:0::/64");
    expect(addressBucket("1:2:3:4:5::")).toBe("1:2:3:4::/64");
  });
});

describe("isLoopbackAddress", () => {
  it("is true for 127.0.0.0/8 and ::1 only", () => {
    for (const ip of ["127.0.0.1", "127.255.255.254", "127.1.2.3", "::1"]) expect(isLoopbackAddress(ip), ip).toBe(true);
    for (const ip of ["128.0.0.1", "10.127.0.1", "127.0.0.1.5", "127.1", "127.1000.0.1", "::2", "x127.0.0.1"]) {
      expect(isLoopbackAddress(ip), ip).toBe(false);
    }
  });
});
