import { describe, expect, it, vi } from "vitest";
import {
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  DEVICE_COOKIE_NAME,
  deviceCookieFromHeader,
  issueDeviceCookie,
  trustedDeviceId,
} from "./device-cookie";
import { serializeSessionCookie } from "./session/set-cookie";

describe("device cookie", () => {
  it("names the account it was issued for, and no other", () => {
    const { value } = issueDeviceCookie("user-a", null);
    expect(trustedDeviceId(value, "user-a")).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(trustedDeviceId(value, "user-b")).toBeNull();
    // The account is not readable from the cookie.
    expect(value).not.toContain("user-a");
  });

  it("is refused when tampered with, truncated, expired or oversized", () => {
    const { value } = issueDeviceCookie("user-a", null);
    const [nonce, expiry, mac] = value.split(".") as [string, string, string];
    const flipped = `${mac[0] === "A" ? "B" : "A"}${mac.slice(1)}`;
    for (const bad of [
      `${nonce}.${expiry}.${flipped}`,
      `${nonce}.${(parseInt(expiry, 36) + 1).toString(36)}.${mac}`,
      `${nonce}.${expiry}`,
      "",
      null,
      undefined,
      `${value}~${"x".repeat(1100)}`,
    ])
      expect(trustedDeviceId(bad, "user-a")).toBeNull();
    const old = issueDeviceCookie("user-a", null, Date.now() - DEVICE_COOKIE_MAX_AGE_SECONDS * 1000 - 1000);
    expect(trustedDeviceId(old.value, "user-a")).toBeNull();
  });

  it("gets a new nonce (a new budget) at every sign-in, keeping other accounts' entries", () => {
    const first = issueDeviceCookie("user-a", null);
    const withB = issueDeviceCookie("user-b", first.value);
    const again = issueDeviceCookie("user-a", withB.value);
    expect(again.value.split("~")).toHaveLength(2);
    expect(trustedDeviceId(again.value, "user-b")).toBe(trustedDeviceId(withB.value, "user-b"));
    expect(trustedDeviceId(again.value, "user-a")).not.toBe(trustedDeviceId(first.value, "user-a"));
    // At most five accounts per browser: the oldest entries go.
    let value = again.value;
    for (const user of ["c", "d", "e", "f", "g"]) value = issueDeviceCookie(user, value).value;
    expect(value.split("~")).toHaveLength(5);
    expect(trustedDeviceId(value, "g")).not.toBeNull();
    expect(trustedDeviceId(value, "user-a")).toBeNull();
  });

  it("is HttpOnly, SameSite=Lax, Path=/ and lives a year; read back from a Cookie header", () => {
    const cookie = issueDeviceCookie("user-a", null);
    const header = serializeSessionCookie(cookie);
    expect(header.startsWith(`${DEVICE_COOKIE_NAME}=`)).toBe(true);
    for (const attribute of ["HttpOnly", "SameSite=Lax", "Path=/", `Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}`])
      expect(header).toContain(attribute);
    expect(deviceCookieFromHeader(`a=1; ${DEVICE_COOKIE_NAME}=${cookie.value}; b=2`)).toBe(cookie.value);
    expect(deviceCookieFromHeader("a=1")).toBeNull();
    expect(deviceCookieFromHeader(null)).toBeNull();
  });

  it("over https is named with the __Host- prefix and is Secure", async () => {
    const previous = process.env.APP_URL;
    process.env.APP_URL = "https://auth.example.test";
    vi.resetModules();
    try {
      const secure = await import("./device-cookie");
      const { serializeSessionCookie: serialize } = await import("./session/set-cookie");
      const header = serialize(secure.issueDeviceCookie("user-a", null));
      expect(header).toMatch(/^__Host-authcore\.device=/);
      expect(header).toContain("Secure");
      expect(header.toLowerCase()).not.toContain("domain=");
    } finally {
      process.env.APP_URL = previous;
      vi.resetModules();
    }
  });
});
