import { EncryptJWT, jwtDecrypt } from "jose";
import { z } from "zod";
import { config } from "../../config";
import { cookieKey, cookieOptions } from "./cookie";
import type { SessionCookie } from "./registry";

/**
 * The other accounts signed in in this browser. The session cookie carries the active account
 * (unchanged, so Auth.js, the proxy and every page read it as before); this second cookie carries
 * the sessions of up to MAX_ACCOUNTS - 1 other accounts, each as the same claims a session cookie
 * holds (`sub`, the secret `sid`, `aexp`). Same protection as the session cookie: a JWE under a key
 * derived from AUTH_SECRET and salted with this cookie's name, HttpOnly, SameSite=Lax, `__Host-`
 * over https. Holding an entry proves nothing by itself: every use checks the session registry.
 */
export const ACCOUNTS_COOKIE_NAME = config.secureCookies ? "__Host-authcore.accounts" : "authcore.accounts";

/** Accounts one browser may hold signed in at once, the active one included. */
export const MAX_ACCOUNTS = 5;

/** A browser stores at least 4096 bytes per cookie (name, value and attributes): stay well under. */
export const MAX_ACCOUNTS_COOKIE_BYTES = 3000;

export type AccountEntry = { sub: string; sid: string; aexp: number };

const EntrySchema = z.object({
  sub: z.string().min(1).max(64),
  sid: z.string().min(1).max(64),
  aexp: z.number().int().positive(),
});
const PayloadSchema = z.object({ acc: z.array(EntrySchema).max(MAX_ACCOUNTS - 1) });

/** One entry per account, in order, at most MAX_ACCOUNTS - 1, none past its absolute expiry. */
export function normaliseEntries(entries: readonly AccountEntry[], nowSeconds = Date.now() / 1000): AccountEntry[] {
  const seen = new Set<string>();
  const kept: AccountEntry[] = [];
  for (const entry of entries) {
    if (entry.aexp <= nowSeconds || seen.has(entry.sub)) continue;
    seen.add(entry.sub);
    kept.push({ sub: entry.sub, sid: entry.sid, aexp: entry.aexp });
  }
  return kept.slice(0, MAX_ACCOUNTS - 1);
}

/** Encrypts the entries; the cookie lives as long as the longest-lived of their sessions may. */
export async function encodeAccounts(entries: readonly AccountEntry[]): Promise<string> {
  const acc = normaliseEntries(entries);
  const { key, kid } = await cookieKey(ACCOUNTS_COOKIE_NAME);
  return new EncryptJWT({ acc })
    .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512", kid })
    .setIssuedAt()
    .setExpirationTime(Math.max(...acc.map((entry) => entry.aexp), Math.floor(Date.now() / 1000) + 1))
    .encrypt(key);
}

/** The entries of a cookie value; none when it is missing, malformed, forged or expired. */
export async function decodeAccounts(value: string | null | undefined): Promise<AccountEntry[]> {
  if (!value || value.length > MAX_ACCOUNTS_COOKIE_BYTES) return [];
  try {
    const { key } = await cookieKey(ACCOUNTS_COOKIE_NAME);
    const { payload } = await jwtDecrypt(value, key, {
      clockTolerance: 15,
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256CBC-HS512"],
    });
    const parsed = PayloadSchema.safeParse(payload);
    return parsed.success ? normaliseEntries(parsed.data.acc) : [];
  } catch {
    return [];
  }
}

/** The cookie holding these entries, or (with none) the cookie that deletes it. */
export async function accountsCookie(entries: readonly AccountEntry[]): Promise<SessionCookie> {
  const acc = normaliseEntries(entries);
  if (acc.length === 0) {
    return {
      name: ACCOUNTS_COOKIE_NAME,
      value: "",
      options: { ...cookieOptions(new Date(0)), maxAge: 0 } as ReturnType<typeof cookieOptions>,
    };
  }
  const expires = new Date(Math.max(...acc.map((entry) => entry.aexp)) * 1000);
  return { name: ACCOUNTS_COOKIE_NAME, value: await encodeAccounts(acc), options: cookieOptions(expires) };
}
