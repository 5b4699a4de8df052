import { describe, expect, it } from "vitest";
import { describePlace } from "./place";

describe("describePlace", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "127.1.2.3",
    "::1",
    "0:0:0:0:0:0:0:1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "[::1]",
  ])("names the loopback address %s “This computer”", (ip) => expect(describePlace(ip)).toBe("This computer"));

  it.each([
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.20",
    "100.64.0.1",
    "100.127.255.255",
    "169.254.10.10",
    "fc00::1",
    "fd12:3456:789a::1",
    "fe80::1",
    "fe80::1%eth0",
    "febf::1",
    "::ffff:192.168.0.5",
    "::ffff:10.1.2.3",
  ])("names the private, shared or link-local address %s “Local network”", (ip) =>
    expect(describePlace(ip)).toBe("Local network"),
  );

  it.each([
    "8.8.8.8",
    "198.51.100.9",
    "172.15.0.1",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "192.169.0.1",
    "11.0.0.1",
    "2001:db8::5",
    "fec0::1",
    "128.0.0.1",
  ])("shows the public address %s as itself", (ip) => expect(describePlace(ip)).toBe(ip));

  it("shows an IPv4-mapped public address as written, trimmed", () => {
    expect(describePlace(" ::ffff:203.0.113.7 ")).toBe("::ffff:203.0.113.7");
  });

  it.each([
    "",
    "   ",
    "unknown",
    "256.1.1.1",
    "1.2.3",
    "1.2.3.4.5",
    "01.2.3.4a",
    "::1::2",
    "12345::1",
    "1:2:3:4:5:6:7:8:9",
    "g::1",
    "1:2:3:4:5:6:7",
  ])("says “Unknown location” for %j", (ip) => expect(describePlace(ip)).toBe("Unknown location"));
});
