import { createHash, createHmac, hkdfSync } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { config } from "../config";
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

describe("device cookie limits", () => {
  const DAY_MS = 86_400_000;

  it("expires a year after the sign-in, to the second, and is trusted until that very moment", () => {
    const now = 1_800_000_000_123;
    const cookie = issueDeviceCookie("user-a", null, now);
    expect(cookie.options.expires).toEqual(new Date(now + 365 * DAY_MS));
    expect(cookie.options).toMatchObject({ maxAge: 365 * 86_400, httpOnly: true, sameSite: "lax", path: "/" });
    expect(DEVICE_COOKIE_MAX_AGE_SECONDS).toBe(365 * 86_400);
    const expirySeconds = Math.floor((now + 365 * DAY_MS) / 1000);
    expect(cookie.value.split(".")[1]).toBe(expirySeconds.toString(36));
    expect(trustedDeviceId(cookie.value, "user-a", expirySeconds * 1000 - 1)).not.toBeNull();
    expect(trustedDeviceId(cookie.value, "user-a", expirySeconds * 1000)).toBeNull();
  });

  it("names the device budget by a hash of the entry's nonce", () => {
    const { value } = issueDeviceCookie("user-a", null);
    const nonce = value.split(".")[0]!;
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(trustedDeviceId(value, "user-a")).toBe(createHash("sha256").update(nonce).digest("base64url").slice(0, 22));
  });

  it("reads at most 1024 characters of cookie", () => {
    const { value } = issueDeviceCookie("user-a", null);
    const padded = (length: number) => `${value}~${"x".repeat(length - value.length - 1)}`;
    expect(trustedDeviceId(padded(1024), "user-a")).not.toBeNull();
    expect(trustedDeviceId(padded(1025), "user-a")).toBeNull();
  });

  it("reads only the first five entries", () => {
    const { value } = issueDeviceCookie("user-a", null);
    expect(trustedDeviceId(`${"junk~".repeat(4)}${value}`, "user-a")).not.toBeNull();
    expect(trustedDeviceId(`${"junk~".repeat(5)}${value}`, "user-a")).toBeNull();
  });

  it("accepts an entry only whole: nothing before or after it", () => {
    const { value } = issueDeviceCookie("user-a", null);
    expect(trustedDeviceId(`x${value}`, "user-a")).toBeNull();
    expect(trustedDeviceId(`${value}x`, "user-a")).toBeNull();
    expect(trustedDeviceId(` ${value}`, "user-a")).toBeNull();
    expect(trustedDeviceId(`${value}~`, "user-a")).not.toBeNull();
  });

  it("drops expired entries of other accounts and keeps live ones when re-issued", () => {
    const now = Date.now();
    const old = issueDeviceCookie("user-b", null, now - 365 * DAY_MS - 1_000);
    const live = issueDeviceCookie("user-c", old.value, now);
    const renewed = issueDeviceCookie("user-a", live.value, now);
    expect(renewed.value.split("~")).toHaveLength(2);
    expect(trustedDeviceId(renewed.value, "user-c", now)).not.toBeNull();
    expect(trustedDeviceId(renewed.value, "user-a", now)).not.toBeNull();
    // The fresh entry for the account signing in comes first.
    expect(trustedDeviceId(renewed.value.split("~")[0], "user-a", now)).not.toBeNull();
  });

  it("finds the device cookie only under its exact name", () => {
    expect(deviceCookieFromHeader(` ${DEVICE_COOKIE_NAME}=v1 ;x=1`)).toBe("v1");
    expect(deviceCookieFromHeader(`x${DEVICE_COOKIE_NAME}=v1; ${DEVICE_COOKIE_NAME}x=v2`)).toBeNull();
    expect(deviceCookieFromHeader(`=${DEVICE_COOKIE_NAME}=v1`)).toBeNull();
    expect(deviceCookieFromHeader(`${DEVICE_COOKIE_NAME}x`)).toBeNull();
    expect(deviceCookieFromHeader("")).toBeNull();
    expect(DEVICE_COOKIE_NAME).toBe("authcore.device");
  });

  it("keeps accepting the entries it issued before a restart: the key is derived the same way every time", () => {
    // Derived here from AUTH_SECRET as the format is documented, not through the module.
    const key = Buffer.from(hkdfSync("sha256", config.auth.secret, "authcore", "Authcore device cookie v1", 32));
    const nonce = "A".repeat(22);
    const expiry = Math.floor(Date.now() / 1000 + 3600).toString(36);
    const mac = createHmac("sha256", key).update(`device\0user-a\0${nonce}\0${expiry}`).digest("base64url");
    expect(trustedDeviceId(`${nonce}.${expiry}.${mac}`, "user-a")).not.toBeNull();
  });
});
