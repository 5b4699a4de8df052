import { describe, expect, it } from "vitest";
import { newOpaqueToken } from "../tokens";
import {
  ACCOUNTS_COOKIE_NAME,
  accountsCookie,
  decodeAccounts,
  encodeAccounts,
  MAX_ACCOUNTS,
  MAX_ACCOUNTS_COOKIE_BYTES,
  normaliseEntries,
} from "./accounts-cookie";
import { decodeSessionToken, encodeSessionToken } from "./cookie";
import { serializeSessionCookie } from "./set-cookie";

const future = (seconds = 3600) => Math.floor(Date.now() / 1000) + seconds;
/** An entry as large as real ones get: a cuid user id is 25 characters, a session id 43. */
const entry = (n: number, aexp = future()) => ({ sub: `c${String(n).padStart(24, "0")}`, sid: newOpaqueToken(), aexp });

describe("accounts cookie", () => {
  it("round-trips the entries as a 5-segment JWE under its own key", async () => {
    const entries = [entry(1), entry(2)];
    const value = await encodeAccounts(entries);
    expect(value.split(".")).toHaveLength(5);
    expect(await decodeAccounts(value)).toEqual(entries);
    // Neither cookie's key opens the other's value.
    expect(await decodeSessionToken(value)).toBeNull();
    const session = await encodeSessionToken({ sub: "u1", sid: "s1", aexp: future() }, 600);
    expect(await decodeAccounts(session)).toEqual([]);
  });

  it("keeps one entry per account, none expired, at most MAX_ACCOUNTS - 1", () => {
    const [a, b] = [entry(1), entry(2)];
    expect(normaliseEntries([a, { ...a, sid: "other" }, b])).toEqual([a, b]);
    expect(normaliseEntries([entry(3, future(-1)), a])).toEqual([a]);
    const many = Array.from({ length: MAX_ACCOUNTS + 3 }, (_, n) => entry(n));
    expect(normaliseEntries(many)).toEqual(many.slice(0, MAX_ACCOUNTS - 1));
  });

  it("stays within the browser's cookie limits when full", async () => {
    const full = await accountsCookie(Array.from({ length: MAX_ACCOUNTS - 1 }, (_, n) => entry(n)));
    const header = serializeSessionCookie(full);
    expect(full.value.length).toBeLessThan(MAX_ACCOUNTS_COOKIE_BYTES);
    expect(header.length).toBeLessThan(4096);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\//);
    expect(full.name).toBe(ACCOUNTS_COOKIE_NAME);
    // It lives as long as the longest-lived session in it may.
    expect(full.options.expires.getTime()).toBeGreaterThan(Date.now());
  });

  it("is cleared when no entry is left", async () => {
    const cleared = await accountsCookie([entry(1, future(-10))]);
    expect(cleared.value).toBe("");
    expect(serializeSessionCookie(cleared)).toMatch(/Max-Age=0/);
  });

  it("reads nothing from malformed, tampered, oversized or ill-shaped values", async () => {
    const value = await encodeAccounts([entry(1)]);
    const { EncryptJWT } = await import("jose");
    const { cookieKey } = await import("./cookie");
    const { key } = await cookieKey(ACCOUNTS_COOKIE_NAME);
    const illShaped = await new EncryptJWT({ acc: [{ sub: 1, sid: "s" }] })
      .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" })
      .setExpirationTime(future())
      .encrypt(key);
    const tooMany = await new EncryptJWT({ acc: Array.from({ length: MAX_ACCOUNTS }, (_, n) => entry(n)) })
      .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" })
      .setExpirationTime(future())
      .encrypt(key);
    for (const hostile of [null, "", "garbage", `${value.slice(0, -4)}AAAA`, "a".repeat(10_000), illShaped, tooMany]) {
      expect(await decodeAccounts(hostile)).toEqual([]);
    }
  });
});
