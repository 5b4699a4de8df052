import { GOOGLE_PROVIDER_ID } from "../../accounts/providers";
import { db } from "../../db";
import { decodeSessionToken } from "../../auth/session/cookie";
import { isRecentlyAuthenticated } from "../../auth/session/step-up";
import { lookupSession, sessionTokenHash } from "../../auth/session/store";
import type { GoogleUser } from "./profile";

export { GOOGLE_PROVIDER_ID };

/** Why a Google sign-in was refused: the friendly error page (/auth/error?error=…) explains each. */
export type GoogleRefusal =
  | "email_not_verified"
  | "email_missing"
  | "link_required"
  | "account_disabled"
  | "linked_to_another_account"
  | "session_expired"
  | "reauthentication_required";

export type GoogleSignInFacts = {
  /** The local user this Google subject is already linked to. */
  linkedUser: { id: string; isActive: boolean } | null;
  /** The signed-in user, when the browser carries a live session (linking from /account). */
  currentUserId: string | null;
  /** That session proved who it is within the step-up window (linking is a sensitive change). */
  currentSessionRecent: boolean;
  /** The browser carries a session cookie that decrypts but whose session was revoked. */
  staleSession: boolean;
  /** The local account that has the same email as the Google identity. */
  emailOwner: { id: string; isActive: boolean; emailVerified: boolean; hasPassword: boolean } | null;
  email: string | null;
  emailVerifiedByProvider: boolean;
};

export type GoogleSignInDecision =
  | { action: "sign_in"; userId: string }
  | { action: "link"; userId: string; automatic: boolean }
  | { action: "create" }
  | { action: "refuse"; reason: GoogleRefusal };

/**
 * The linking rule, as a pure function of the facts. A Google identity is only ever attached to
 * a local account when (a) that account's owner is signed in, signed in recently (step-up) and
 * asks for it, or (b) both Google (`email_verified`) and we (the account was activated from its
 * email) have verified the very same email AND the account holds no password. Anything else is
 * refused: linking on an unverified email would let whoever controls a Google account with that
 * address take the local account over, and linking into an account with a password would let
 * whoever set that password (someone who registered the address before its owner did) keep a
 * way into the account the owner now signs in to with Google. Such an owner signs in with the
 * password and links Google from their account page.
 */
export function decideGoogleSignIn(facts: GoogleSignInFacts): GoogleSignInDecision {
  // Auth.js trusts any decryptable cookie when it links; a revoked session must not be able to.
  if (facts.staleSession) return { action: "refuse", reason: "session_expired" };
  if (facts.linkedUser) {
    if (facts.currentUserId && facts.currentUserId !== facts.linkedUser.id)
      return { action: "refuse", reason: "linked_to_another_account" };
    if (!facts.linkedUser.isActive) return { action: "refuse", reason: "account_disabled" };
    return { action: "sign_in", userId: facts.linkedUser.id };
  }
  if (facts.currentUserId) {
    if (!facts.currentSessionRecent) return { action: "refuse", reason: "reauthentication_required" };
    return { action: "link", userId: facts.currentUserId, automatic: false };
  }
  if (!facts.email) return { action: "refuse", reason: "email_missing" };
  if (!facts.emailVerifiedByProvider) return { action: "refuse", reason: "email_not_verified" };
  if (facts.emailOwner) {
    if (!facts.emailOwner.emailVerified || facts.emailOwner.hasPassword)
      return { action: "refuse", reason: "link_required" };
    if (!facts.emailOwner.isActive) return { action: "refuse", reason: "account_disabled" };
    return { action: "link", userId: facts.emailOwner.id, automatic: true };
  }
  return { action: "create" };
}

/** Reads the facts for a Google sign-in from the database, the session registry and the browser's cookie. */
export async function gatherGoogleSignInFacts(
  google: Pick<GoogleUser, "id" | "email" | "emailVerifiedByProvider">,
  sessionCookie: string | null | undefined,
): Promise<GoogleSignInFacts> {
  let currentUserId: string | null = null;
  let currentSessionRecent = false;
  let staleSession = false;
  const claims = await decodeSessionToken(sessionCookie);
  if (claims) {
    const record = await lookupSession(sessionTokenHash(claims.sid));
    if (record && record.userId === claims.sub) {
      currentUserId = record.userId;
      currentSessionRecent = isRecentlyAuthenticated({ authenticatedAt: new Date(record.auth ?? 0) });
    } else staleSession = true;
  }
  const [linked, owner] = await Promise.all([
    db.account.findUnique({
      where: { provider_providerAccountId: { provider: GOOGLE_PROVIDER_ID, providerAccountId: google.id } },
      select: { user: { select: { id: true, isActive: true } } },
    }),
    google.email
      ? db.user.findUnique({
          where: { email: google.email.toLowerCase() },
          select: { id: true, isActive: true, emailVerified: true, passwordHash: true },
        })
      : null,
  ]);
  return {
    linkedUser: linked?.user ?? null,
    currentUserId,
    currentSessionRecent,
    staleSession,
    emailOwner: owner
      ? {
          id: owner.id,
          isActive: owner.isActive,
          emailVerified: owner.emailVerified !== null,
          hasPassword: owner.passwordHash !== null,
        }
      : null,
    email: google.email,
    emailVerifiedByProvider: google.emailVerifiedByProvider,
  };
}
