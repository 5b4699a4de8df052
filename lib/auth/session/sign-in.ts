import { db } from "../../db";
import { AppError } from "../../errors";
import { recordAudit } from "../../audit";
import { guardedPasswordCheck } from "../brute-force";
import { issueDeviceCookie, type DeviceCookie } from "../device-cookie";
import { dummyPasswordHash, verifyPassword } from "../password/pool";
import type { RequestMeta } from "./meta";
import { createSession, revokeReplacedSession, type SessionCookie } from "./registry";

export type VerifiedUser = { id: string; username: string; email: string; isActive: boolean; disabled: boolean };

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
 * whether the account is disabled: only the right password may learn that.
 */
export async function verifyCredentials(
  identifier: string,
  password: string,
  meta: RequestMeta,
): Promise<VerifiedUser> {
  const key = identifier.trim().toLowerCase();
  const user = await findByIdentifier(key);
  const hash = user?.passwordHash ?? null;
  const matches = await guardedPasswordCheck(
    user ? { userId: user.id, identifier: key } : { identifier: key },
    meta,
    async () => {
      const same = await verifyPassword(password, hash ?? (await dummyPasswordHash()));
      return same && hash !== null;
    },
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

/**
 * Signs in with a username-or-email and password (verifySignIn): a new session (fresh id, registry
 * row, cookie) that replaces the one the browser's cookie carried (`replacedSessionCookie`,
 * revoked rather than left alive and orphaned), and a renewed device cookie (../device-cookie.ts)
 * that keeps this browser signing in while strangers' guesses lock the account.
 */
export async function signIn(
  input: { identifier: string; password: string },
  meta: RequestMeta,
  replacedSessionCookie?: string | null,
): Promise<{ userId: string; sessionId: string; cookie: SessionCookie; deviceCookie: DeviceCookie }> {
  const verified = await verifySignIn(input, meta);
  const { sessionId, cookie } = await createSession(verified.id, meta);
  await revokeReplacedSession(replacedSessionCookie);
  void recordAudit("login.succeeded", { userId: verified.id, meta, data: { sessionId } });
  return { userId: verified.id, sessionId, cookie, deviceCookie: issueDeviceCookie(verified.id, meta.deviceCookie) };
}
