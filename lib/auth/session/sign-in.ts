import { db } from "../../db";
import { AppError } from "../../errors";
import { recordAudit } from "../audit";
import { assertLoginAllowed, clearLoginFailures, failureAccountKey, recordLoginFailure } from "../brute-force";
import { dummyPasswordHash, verifyPassword } from "../password/pool";
import type { RequestMeta } from "./meta";
import { createSession, type SessionCookie } from "./registry";

export type VerifiedUser = { id: string; username: string; email: string; isActive: boolean };

/** Finds a user by a normalised (trimmed, lower-cased) username or email. Usernames cannot contain "@". */
function findByIdentifier(key: string) {
  return db.user.findUnique({
    where: key.includes("@") ? { email: key } : { usernameKey: key },
    select: { id: true, username: true, email: true, isActive: true, passwordHash: true },
  });
}

/**
 * Checks a username-or-email and password. Unknown identifiers, accounts without a password and
 * wrong passwords all cost one bcrypt comparison (against a dummy hash of the same cost when there
 * is no real one) and all end in the same `invalid_credentials`. Failures are counted per
 * (account, IP); over the limit, 429 before any comparison. Does not check activation.
 */
export async function verifyCredentials(
  identifier: string,
  password: string,
  meta: RequestMeta,
): Promise<VerifiedUser> {
  const key = identifier.trim().toLowerCase();
  const user = await findByIdentifier(key);
  const accountKey = failureAccountKey(user ? { userId: user.id } : { identifier: key });
  await assertLoginAllowed(accountKey, meta.ip);
  const hash = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(password, hash);
  if (!user || !user.passwordHash || !matches) {
    await recordLoginFailure(accountKey, meta.ip);
    void recordAudit("login.failed", {
      userId: user?.id ?? null,
      meta,
      data: { reason: user ? "wrong_password" : "unknown_identifier" },
    });
    throw new AppError("invalid_credentials", "The username/email or password is incorrect.");
  }
  await clearLoginFailures(accountKey, meta.ip);
  return { id: user.id, username: user.username, email: user.email, isActive: user.isActive };
}

/**
 * Signs in with a username-or-email and password: a new session (fresh id, registry row, cookie).
 * The right password on an account that is not activated: 403 `account_not_activated`.
 */
export async function signIn(
  input: { identifier: string; password: string },
  meta: RequestMeta,
): Promise<{ userId: string; sessionId: string; cookie: SessionCookie }> {
  const verified = await verifyCredentials(input.identifier, input.password, meta);
  if (!verified.isActive) {
    throw new AppError(
      "account_not_activated",
      "Activate your account with the link we emailed you before signing in.",
    );
  }
  const { sessionId, cookie } = await createSession(verified.id, meta);
  void recordAudit("login.succeeded", { userId: verified.id, meta, data: { sessionId } });
  return { userId: verified.id, sessionId, cookie };
}
