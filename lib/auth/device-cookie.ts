import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "../config";
import { cookieOptions } from "./session/cookie";

/**
 * Device cookies (OWASP "Slow brute force: device cookies"): a browser that signed in to an
 * account with its password carries a signed token naming that account, and password guesses
 * from it are counted against that device's own budget instead of the account's (see
 * ./brute-force.ts). A stranger's guessing can then lock the account for new browsers without
 * locking its owner out of the ones they already use. Decision 024.
 *
 * One cookie holds up to {@link MAX_ENTRIES} entries (one per account signed in from this
 * browser), newest first, joined by `~`. An entry is `nonce.expiry.mac`: a random nonce, an
 * expiry (seconds, base 36) and an HMAC-SHA256 over the user id, nonce and expiry with a key
 * derived from AUTH_SECRET. The user id itself is not in the cookie: an entry is checked against
 * the account a sign-in names, so it reveals nothing and cannot be moved to another account.
 */
export const DEVICE_COOKIE_NAME = config.secureCookies ? "__Host-authcore.device" : "authcore.device";
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 86_400;

const MAX_ENTRIES = 5;
const MAX_COOKIE_LENGTH = 1024;
const ENTRY = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

export type DeviceCookie = { name: string; value: string; options: ReturnType<typeof cookieOptions> };

let cachedKey: Buffer | undefined;
function deviceKey(): Buffer {
  cachedKey ??= Buffer.from(hkdfSync("sha256", config.auth.secret, "authcore", "Authcore device cookie v1", 32));
  return cachedKey;
}

function mac(userId: string, nonce: string, expiry: string): Buffer {
  return createHmac("sha256", deviceKey()).update(`device\0${userId}\0${nonce}\0${expiry}`).digest();
}

type Entry = { nonce: string; expiry: string; mac: string };

function parseEntries(value: string | null | undefined): Entry[] {
  if (!value || value.length > MAX_COOKIE_LENGTH) return [];
  const entries: Entry[] = [];
  for (const part of value.split("~").slice(0, MAX_ENTRIES)) {
    const match = ENTRY.exec(part);
    if (match) entries.push({ nonce: match[1]!, expiry: match[2]!, mac: match[3]! });
  }
  return entries;
}

function isLive(entry: Entry, nowMs: number): boolean {
  return parseInt(entry.expiry, 36) * 1000 > nowMs;
}

function isFor(entry: Entry, userId: string): boolean {
  const expected = mac(userId, entry.nonce, entry.expiry);
  const given = Buffer.from(entry.mac, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The device cookie's value from a Cookie header, if present. */
export function deviceCookieFromHeader(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === DEVICE_COOKIE_NAME) return part.slice(index + 1).trim();
  }
  return null;
}

/**
 * The id of the device budget a sign-in to `userId` from this browser spends: set when the
 * cookie holds a live entry signed for that account, null otherwise (no cookie, forged, expired,
 * or issued for another account). The id is a hash of the entry's nonce.
 */
export function trustedDeviceId(
  cookieValue: string | null | undefined,
  userId: string,
  now = Date.now(),
): string | null {
  for (const entry of parseEntries(cookieValue)) {
    if (isLive(entry, now) && isFor(entry, userId)) {
      return createHash("sha256").update(entry.nonce).digest("base64url").slice(0, 22);
    }
  }
  return null;
}

/**
 * The device cookie to set after a successful password sign-in to `userId`: a fresh entry for
 * this account first (a new nonce, so a new budget), then the browser's live entries for other
 * accounts, at most {@link MAX_ENTRIES} in all.
 */
export function issueDeviceCookie(userId: string, previous: string | null | undefined, now = Date.now()): DeviceCookie {
  const nonce = randomBytes(16).toString("base64url");
  const expiresAt = new Date(now + DEVICE_COOKIE_MAX_AGE_SECONDS * 1000);
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  const fresh = `${nonce}.${expiry}.${mac(userId, nonce, expiry).toString("base64url")}`;
  const others = parseEntries(previous)
    .filter((entry) => isLive(entry, now) && !isFor(entry, userId))
    .map((entry) => `${entry.nonce}.${entry.expiry}.${entry.mac}`);
  return {
    name: DEVICE_COOKIE_NAME,
    value: [fresh, ...others].slice(0, MAX_ENTRIES).join("~"),
    options: { ...cookieOptions(expiresAt), maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS } as ReturnType<typeof cookieOptions>,
  };
}
