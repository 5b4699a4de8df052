import { AppError } from "../../errors";
import { accountsCookie, decodeAccounts, MAX_ACCOUNTS, type AccountEntry } from "./accounts-cookie";
import type { BrowserCookies } from "./authenticate";
import { decodeSessionToken, type SessionClaims } from "./cookie";
import type { RequestMeta } from "./meta";
import {
  buildSessionCookie,
  clearedSessionCookie,
  registerSession,
  revokeSessionBySid,
  touchSession,
  type SessionCookie,
} from "./registry";
import { lookupSession, sessionTokenHash } from "./store";

/**
 * The accounts signed in in one browser: the active one in the session cookie, up to
 * MAX_ACCOUNTS - 1 others in the accounts cookie (./accounts-cookie.ts). Each is its own session
 * in the registry, revocable on its own; these functions only decide which cookie carries which
 * session and return the cookies the response must set.
 */

const entryOf = (claims: SessionClaims): AccountEntry => ({ sub: claims.sub, sid: claims.sid, aexp: claims.aexp });

/** Whether the entry's session is alive in the registry and still belongs to its account. */
/** The entry's registry record when its session is alive and still belongs to its account, else null. */
async function liveRecord(entry: AccountEntry) {
  const record = await lookupSession(sessionTokenHash(entry.sid));
  return record && record.kind !== "api" && record.userId === entry.sub ? record : null;
}

async function isLive(entry: AccountEntry): Promise<boolean> {
  return (await liveRecord(entry)) !== null;
}

const tooManyAccounts = () =>
  new AppError(
    "too_many_accounts",
    `This browser is signed in to ${MAX_ACCOUNTS} accounts, the most it can hold: sign out of one first.`,
  );

async function liveEntries(entries: readonly AccountEntry[]): Promise<AccountEntry[]> {
  const live = await Promise.all(entries.map(isLive));
  return entries.filter((_, index) => live[index]);
}

/** The browser's accounts as its cookies claim them (decrypted, not checked against the registry). */
export async function readBrowser(
  browser: BrowserCookies,
): Promise<{ active: SessionClaims | null; others: AccountEntry[] }> {
  const active = await decodeSessionToken(browser.session);
  const others = (await decodeAccounts(browser.accounts)).filter((entry) => entry.sub !== active?.sub);
  return { active, others };
}

/**
 * The browser's signed-in accounts whose sessions are alive: the active one (if it is) and the
 * others. `activeChecked`: the caller already authenticated the session cookie this request (the
 * active account is live), so it is not looked up again.
 */
export async function liveBrowserAccounts(
  browser: BrowserCookies,
  options: { activeChecked?: boolean } = {},
): Promise<{ active: AccountEntry | null; others: AccountEntry[] }> {
  const { active, others } = await readBrowser(browser);
  const [activeLive, live] = await Promise.all([
    active ? options.activeChecked || isLive(entryOf(active)) : false,
    liveEntries(others),
  ]);
  return { active: active && activeLive ? entryOf(active) : null, others: live };
}

/** The session cookie for an entry whose session is alive (activity recorded, idle expiry moved on), or null. */
async function activeCookieFor(entry: AccountEntry): Promise<SessionCookie | null> {
  const record = await liveRecord(entry);
  if (!record) return null;
  const touched = await touchSession(sessionTokenHash(entry.sid), record);
  if (!touched) return null;
  return buildSessionCookie(entry.sub, entry.sid, touched.expires, new Date(record.aexp));
}

/** The cookies that leave the browser with no account at all (the accounts cookie only if it had one). */
async function clearedCookies(browser: BrowserCookies): Promise<SessionCookie[]> {
  return [clearedSessionCookie(), ...(browser.accounts ? [await accountsCookie([])] : [])];
}

/**
 * Starts a session for `userId` in this browser. Without `addAccount` it replaces every account
 * the browser held (their sessions are revoked, as a sign-in always replaced the previous
 * session): a new sign-in on a shared computer leaves nobody else signed in. With `addAccount` the
 * other accounts stay signed in and the new one becomes the active one; signing in again to an
 * account already there replaces that account's session only. More than MAX_ACCOUNTS live
 * accounts: 409 `too_many_accounts`, before any session is created.
 */
export async function startBrowserSession(
  browser: BrowserCookies,
  userId: string,
  meta: RequestMeta,
  options: { addAccount?: boolean } = {},
): Promise<{ sessionId: string; cookies: SessionCookie[] }> {
  const { active, others } = await readBrowser(browser);
  if (!options.addAccount) {
    const session = await registerSession(userId, meta);
    await Promise.all(
      [active, ...others].filter((entry) => entry !== null).map((entry) => revokeSessionBySid(entry.sid)),
    );
    const cookie = await buildSessionCookie(userId, session.sid, session.expires, session.absoluteExpires);
    return { sessionId: session.sessionId, cookies: [cookie, ...(browser.accounts ? [await accountsCookie([])] : [])] };
  }
  const replaced = [active, ...others].filter((entry) => entry !== null && entry.sub === userId) as AccountEntry[];
  const kept = await liveEntries([
    ...(active && active.sub !== userId ? [entryOf(active)] : []),
    ...others.filter((entry) => entry.sub !== userId),
  ]);
  if (kept.length + 1 > MAX_ACCOUNTS) {
    throw tooManyAccounts();
  }
  const session = await registerSession(userId, meta);
  await Promise.all(replaced.map((entry) => revokeSessionBySid(entry.sid)));
  const cookie = await buildSessionCookie(userId, session.sid, session.expires, session.absoluteExpires);
  return { sessionId: session.sessionId, cookies: [cookie, await accountsCookie(kept)] };
}

/**
 * Makes another of the browser's accounts the active one (the previously active one joins the
 * others). Null when `userId` is not signed in in this browser or its session is dead; no cookie
 * to set when it already is the active one.
 */
export async function switchBrowserAccount(browser: BrowserCookies, userId: string): Promise<SessionCookie[] | null> {
  const { active, others } = await readBrowser(browser);
  if (active?.sub === userId) return (await isLive(entryOf(active))) ? [] : null;
  const target = others.find((entry) => entry.sub === userId);
  const cookie = target ? await activeCookieFor(target) : null;
  if (!target || !cookie) return null;
  const rest = await liveEntries([...(active ? [entryOf(active)] : []), ...others.filter((entry) => entry !== target)]);
  return [cookie, await accountsCookie(rest)];
}

/**
 * After the session of `userId` (null: the active account, whoever it was) was signed out in this
 * browser: its cookie goes. When it was the active account, the next live one (most recently
 * active first) becomes active; with none left, both cookies are cleared. Returns the cookies and
 * how many accounts remain signed in.
 */
export async function afterBrowserSignOut(
  browser: BrowserCookies,
  userId: string | null,
): Promise<{ cookies: SessionCookie[]; remaining: number }> {
  const { active, others } = await readBrowser(browser);
  const live = await liveEntries(others.filter((entry) => entry.sub !== userId));
  if (active && userId !== null && active.sub !== userId) {
    return { cookies: [await accountsCookie(live)], remaining: live.length + 1 };
  }
  for (const [index, next] of live.entries()) {
    const cookie = await activeCookieFor(next);
    if (!cookie) continue;
    const rest = live.slice(index + 1);
    return { cookies: [cookie, await accountsCookie(rest)], remaining: rest.length + 1 };
  }
  return { cookies: await clearedCookies(browser), remaining: 0 };
}

/** "Sign out of all accounts": revokes the session of every account in this browser and clears both cookies. */
export async function signOutOfBrowser(browser: BrowserCookies): Promise<SessionCookie[]> {
  const { active, others } = await readBrowser(browser);
  await Promise.all([...(active ? [active] : []), ...others].map((entry) => revokeSessionBySid(entry.sid)));
  return clearedCookies(browser);
}

/**
 * Before a sign-in that must start from no active session (Google: Auth.js would link Google to
 * the signed-in account), the active account joins the others and the session cookie is cleared.
 * Refuses (409 `too_many_accounts`) when the browser already holds MAX_ACCOUNTS live accounts.
 */
export async function parkActiveAccount(browser: BrowserCookies): Promise<SessionCookie[]> {
  const { active, others } = await liveBrowserAccounts(browser);
  const kept = [...(active ? [active] : []), ...others];
  if (kept.length >= MAX_ACCOUNTS) {
    throw tooManyAccounts();
  }
  return [clearedSessionCookie(), await accountsCookie(kept)];
}

/**
 * The other accounts after a sign-in that set the session cookie itself (Google, through Auth.js):
 * adding an account keeps them (minus an earlier session of the same account, revoked); a sign-in
 * that only renewed the same account's session (linking Google, step-up) leaves them as they are;
 * any other sign-in replaces them all (revoked). Returns the accounts cookie to set, or null.
 */
export async function settleOtherAccounts(
  browser: BrowserCookies,
  userId: string,
  how: "add" | "same-account" | "replace",
): Promise<SessionCookie | null> {
  if (how === "same-account" || !browser.accounts) return null;
  const others = await decodeAccounts(browser.accounts);
  const dropped = how === "add" ? others.filter((entry) => entry.sub === userId) : others;
  await Promise.all(dropped.map((entry) => revokeSessionBySid(entry.sid)));
  return accountsCookie(others.filter((entry) => !dropped.includes(entry)));
}

/**
 * An account of this browser continues in a new session (after a password change ended its old
 * one): the new session takes the account's place, active or not, and the other accounts keep
 * theirs. Returns the session id and the cookie to set.
 */
export async function continueInNewSession(
  browser: BrowserCookies,
  userId: string,
  meta: RequestMeta,
): Promise<{ sessionId: string; cookies: SessionCookie[] }> {
  const { active, others } = await readBrowser(browser);
  const session = await registerSession(userId, meta);
  const aexp = Math.floor(session.absoluteExpires.getTime() / 1000);
  if (active && active.sub !== userId && others.some((entry) => entry.sub === userId)) {
    const replaced = others.map((entry) => (entry.sub === userId ? { sub: userId, sid: session.sid, aexp } : entry));
    return { sessionId: session.sessionId, cookies: [await accountsCookie(replaced)] };
  }
  const cookie = await buildSessionCookie(userId, session.sid, session.expires, session.absoluteExpires);
  return { sessionId: session.sessionId, cookies: [cookie] };
}
