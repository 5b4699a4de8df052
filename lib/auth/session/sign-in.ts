import { db } from "../../db";
import { AppError } from "../../errors";
import { recordAudit } from "../../audit";
import { guardedPasswordCheck } from "../brute-force";
import { issueDeviceCookie, type DeviceCookie } from "../device-cookie";
import { startChallenge } from "../mfa/challenge";
import { factorSummary, usesSecondFactor, type FactorSummary } from "../mfa/factors";
import { dummyPasswordHash, verifyPassword } from "../password/pool";
import type { RequestMeta } from "./meta";
import type { BrowserCookies } from "./authenticate";
import { startBrowserSession } from "./browser";
import type { SessionCookie } from "./registry";

export type VerifiedUser = {
  id: string;
  username: string;
  email: string;
  isActive: boolean;
  disabled: boolean;
  /** The account's second factors when it uses one (the sign-in is not over), else null. */
  secondFactor: FactorSummary | null;
};

/** Finds a user by a normalised (trimmed, lower-cased) username or email. Usernames cannot contain "@". */
function findByIdentifier(key: string) {
  return db.user.findUnique({
    where: key.includes("@") ? { email: key } : { usernameKey: key },
    select: { id: true, username: true, email: true, isActive: true, disabledAt: true, passwordHash: true },
  });
}

/**
 * Checks a username-or-email and password under the brute-force rules (../brute-force.ts: over a
 * budget, 429 before any comparison). Unknown identifiers, accounts without a password and wrong
 * passwords all cost one bcrypt comparison (against a dummy hash of the same cost when there is
 * no real one) and all end in the same `invalid_credentials`. Does not check activation or
 * whether the account is disabled: only the right password may learn that. For an account with a
 * second factor the right password gives back only its own attempt (it does not clear earlier
 * failures): the count is cleared once the second factor succeeds too (../mfa/second-factor.ts).
 */
export async function verifyCredentials(
  identifier: string,
  password: string,
  meta: RequestMeta,
): Promise<VerifiedUser> {
  const key = identifier.trim().toLowerCase();
  const user = await findByIdentifier(key);
  const hash = user?.passwordHash ?? null;
  let secondFactor: FactorSummary | null = null;
  const matches = await guardedPasswordCheck(
    user ? { userId: user.id, identifier: key } : { identifier: key },
    meta,
    async () => {
      const same = (await verifyPassword(password, hash ?? (await dummyPasswordHash()))) && hash !== null;
      if (same && user) {
        const summary = await factorSummary(user.id);
        if (usesSecondFactor(summary)) secondFactor = summary;
      }
      return same;
    },
    { clearsFailures: () => secondFactor === null },
  );
  if (!user || !matches) {
    void recordAudit("login.failed", {
      userId: user?.id ?? null,
      meta,
      data: { reason: user ? "wrong_password" : "unknown_identifier" },
    });
    throw new AppError("invalid_credentials", "The username/email or password is incorrect.");
  }
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    isActive: user.isActive,
    disabled: user.disabledAt !== null,
    secondFactor,
  };
}

/**
 * The rules of every password sign-in (browser login and the token endpoint's password grant):
 * the credentials under the brute-force rules (verifyCredentials), then, only for the right
 * password, a disabled account is 403 `account_disabled` and one not activated yet 403
 * `account_not_activated`. Returns the user who may sign in.
 */
export async function verifySignIn(
  input: { identifier: string; password: string },
  meta: RequestMeta,
): Promise<VerifiedUser> {
  const verified = await verifyCredentials(input.identifier, input.password, meta);
  if (verified.disabled) {
    throw new AppError("account_disabled", "This account has been disabled. Contact your administrator.");
  }
  if (!verified.isActive) {
    throw new AppError(
      "account_not_activated",
      "Activate your account with the link we emailed you before signing in.",
    );
  }
  return verified;
}

/** Where a browser sign-in puts its session: the browser's cookies, and whether it adds an account to them. */
export type BrowserPlacement = { browser: BrowserCookies; addAccount?: boolean };

/** A browser that holds no session yet. */
export const FRESH_BROWSER: BrowserPlacement = { browser: { session: null, accounts: null } };

export type SignedIn = {
  userId: string;
  sessionId: string;
  /** The session cookies the response sets (the active account's, and the other accounts' when they change). */
  cookies: SessionCookie[];
  deviceCookie: DeviceCookie;
};

/** The second-step methods an account offers, in the order a client would show them. */
export function secondStepMethods(summary: FactorSummary): ("totp" | "recovery_code" | "passkey")[] {
  return [
    ...(summary.totp ? (["totp"] as const) : []),
    ...(summary.recoveryCodesLeft > 0 ? (["recovery_code"] as const) : []),
    ...(summary.passkeys > 0 ? (["passkey"] as const) : []),
  ];
}

/**
 * The last step of every browser sign-in (a password or a passkey alone, or password or Google and
 * then the second factor): a new session (fresh id, registry row, cookie) placed in the browser
 * (./browser.ts: it replaces the sessions the browser's cookies carried, revoked rather than left
 * alive and orphaned, or with `addAccount` joins them), and a renewed device cookie
 * (../device-cookie.ts) that keeps this browser signing in while strangers' guesses lock the account.
 */
export async function completeSignIn(
  userId: string,
  meta: RequestMeta,
  placement: BrowserPlacement,
  data: Record<string, string> = {},
): Promise<SignedIn> {
  const { sessionId, cookies } = await startBrowserSession(placement.browser, userId, meta, placement);
  void recordAudit("login.succeeded", {
    userId,
    meta,
    data: { sessionId, ...data, ...(placement.addAccount ? { addedAccount: "true" } : {}) },
  });
  return { userId, sessionId, cookies, deviceCookie: issueDeviceCookie(userId, meta.deviceCookie) };
}

/**
 * Signs in with a username-or-email and password (verifySignIn, then completeSignIn). An account
 * with a second factor gets no session yet: a BROWSER challenge starts and the sign-in ends in 403
 * `mfa_required` carrying `mfaToken` and the `methods` the account offers (../mfa/sign-in-step.ts
 * finishes it).
 */
export async function signIn(
  input: { identifier: string; password: string },
  meta: RequestMeta,
  placement: BrowserPlacement = FRESH_BROWSER,
): Promise<SignedIn> {
  const verified = await verifySignIn(input, meta);
  if (verified.secondFactor) {
    const mfaToken = await startChallenge(verified.id, "BROWSER", "password", meta);
    throw new AppError(
      "mfa_required",
      "This account uses a second factor: finish signing in with it.",
      undefined,
      {},
      {
        mfaToken,
        methods: secondStepMethods(verified.secondFactor),
      },
    );
  }
  return completeSignIn(verified.id, meta, placement);
}
