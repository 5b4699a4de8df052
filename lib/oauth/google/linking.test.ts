import { describe, expect, it, vi } from "vitest";
import { insertUser } from "../../testing/fixtures";
import { db } from "../../db";
import { createSession, revokeAllSessions } from "../../auth/session/registry";
import { decideGoogleSignIn, gatherGoogleSignInFacts, type GoogleSignInFacts } from "./linking";
import { authorizeGoogleSignIn, googleErrorPath } from "./sign-in";
import { logger } from "../../log";

const META = { ip: "198.51.100.7", userAgent: "test" };

const none: GoogleSignInFacts = {
  linkedUser: null,
  currentUserId: null,
  currentSessionRecent: false,
  staleSession: false,
  emailOwner: null,
  email: "grace@example.test",
  emailVerifiedByProvider: true,
};

describe("decideGoogleSignIn", () => {
  it("creates an account for a new, verified Google identity", () => {
    expect(decideGoogleSignIn(none)).toEqual({ action: "create" });
  });

  it("refuses a new identity whose email Google has not verified, or that has no email", () => {
    expect(decideGoogleSignIn({ ...none, emailVerifiedByProvider: false })).toEqual({
      action: "refuse",
      reason: "email_not_verified",
    });
    expect(decideGoogleSignIn({ ...none, email: null })).toEqual({ action: "refuse", reason: "email_missing" });
  });

  it("links to the account with the same email only when both sides verified it and it holds no password", () => {
    const owner = { id: "u1", isActive: true, emailVerified: true, hasPassword: false };
    expect(decideGoogleSignIn({ ...none, emailOwner: owner })).toEqual({
      action: "link",
      userId: "u1",
      automatic: true,
    });
    expect(decideGoogleSignIn({ ...none, emailOwner: owner, emailVerifiedByProvider: false })).toEqual({
      action: "refuse",
      reason: "email_not_verified",
    });
    expect(decideGoogleSignIn({ ...none, emailOwner: { ...owner, emailVerified: false, isActive: false } })).toEqual({
      action: "refuse",
      reason: "link_required",
    });
    expect(decideGoogleSignIn({ ...none, emailOwner: { ...owner, isActive: false } })).toEqual({
      action: "refuse",
      reason: "account_disabled",
    });
    // A password nobody proved to us belongs to the Google identity's owner: never linked automatically.
    expect(decideGoogleSignIn({ ...none, emailOwner: { ...owner, hasPassword: true } })).toEqual({
      action: "refuse",
      reason: "link_required",
    });
  });

  it("signs in the linked user, unless disabled or another user is signed in", () => {
    const linkedUser = { id: "u1", isActive: true };
    expect(decideGoogleSignIn({ ...none, linkedUser })).toEqual({ action: "sign_in", userId: "u1" });
    // The email no longer matters once linked (it may have changed at Google).
    expect(decideGoogleSignIn({ ...none, linkedUser, emailVerifiedByProvider: false, email: null })).toEqual({
      action: "sign_in",
      userId: "u1",
    });
    expect(decideGoogleSignIn({ ...none, linkedUser: { ...linkedUser, isActive: false } })).toEqual({
      action: "refuse",
      reason: "account_disabled",
    });
    expect(decideGoogleSignIn({ ...none, linkedUser, currentUserId: "u2" })).toEqual({
      action: "refuse",
      reason: "linked_to_another_account",
    });
  });

  it("signs the linked user in again when that same user is the one signed in, however long ago", () => {
    const linkedUser = { id: "u1", isActive: true };
    expect(decideGoogleSignIn({ ...none, linkedUser, currentUserId: "u1" })).toEqual({
      action: "sign_in",
      userId: "u1",
    });
    expect(
      decideGoogleSignIn({ ...none, linkedUser: { ...linkedUser, isActive: false }, currentUserId: "u1" }),
    ).toEqual({ action: "refuse", reason: "account_disabled" });
  });

  it("links on request to the signed-in user even when another account has the Google email", () => {
    const owner = { id: "u1", isActive: true, emailVerified: true, hasPassword: false };
    expect(decideGoogleSignIn({ ...none, currentUserId: "u2", currentSessionRecent: true, emailOwner: owner })).toEqual(
      {
        action: "link",
        userId: "u2",
        automatic: false,
      },
    );
  });

  it("never links automatically into an account whose email we have not verified, even without a password", () => {
    const owner = { id: "u1", isActive: true, emailVerified: false, hasPassword: false };
    expect(decideGoogleSignIn({ ...none, emailOwner: owner })).toEqual({ action: "refuse", reason: "link_required" });
  });

  it("links to the signed-in user on request, whatever the email, when that session signed in recently", () => {
    const request = { ...none, currentUserId: "u2", emailVerifiedByProvider: false, email: "other@example.test" };
    expect(decideGoogleSignIn({ ...request, currentSessionRecent: true })).toEqual({
      action: "link",
      userId: "u2",
      automatic: false,
    });
    expect(decideGoogleSignIn(request)).toEqual({ action: "refuse", reason: "reauthentication_required" });
  });

  it("refuses when the browser carries a revoked session (Auth.js would link to it)", () => {
    expect(decideGoogleSignIn({ ...none, staleSession: true, currentUserId: null })).toEqual({
      action: "refuse",
      reason: "session_expired",
    });
  });
});

describe("gatherGoogleSignInFacts and authorizeGoogleSignIn", () => {
  it("reads the linked user, the email owner (case-insensitively) and the live session from the cookie", async () => {
    const owner = await insertUser();
    const linked = await insertUser();
    await db.account.create({
      data: { userId: linked.id, type: "oidc", provider: "google", providerAccountId: "sub-linked" },
    });
    const { cookie } = await createSession(linked.id, META);

    const facts = await gatherGoogleSignInFacts(
      { id: "sub-linked", email: owner.email.toUpperCase(), emailVerifiedByProvider: true },
      cookie.value,
    );
    expect(facts).toEqual({
      linkedUser: { id: linked.id, isActive: true },
      currentUserId: linked.id,
      currentSessionRecent: true,
      staleSession: false,
      emailOwner: { id: owner.id, isActive: true, emailVerified: true, hasPassword: true },
      email: owner.email.toUpperCase(),
      emailVerifiedByProvider: true,
    });

    await revokeAllSessions(linked.id);
    const stale = await gatherGoogleSignInFacts(
      { id: "sub-new", email: null, emailVerifiedByProvider: false },
      cookie.value,
    );
    expect(stale).toMatchObject({ currentUserId: null, staleSession: true, linkedUser: null, emailOwner: null });
    expect(
      await gatherGoogleSignInFacts({ id: "sub-new", email: null, emailVerifiedByProvider: false }, "garbage"),
    ).toMatchObject({ staleSession: false });
  });

  it("reads a pending, password-less email owner as unverified and inactive, and a session's age from the registry", async () => {
    const pending = await insertUser({ isActive: false, password: null });
    const facts = await gatherGoogleSignInFacts(
      { id: "sub-pending", email: pending.email, emailVerifiedByProvider: true },
      undefined,
    );
    expect(facts).toEqual({
      linkedUser: null,
      currentUserId: null,
      currentSessionRecent: false,
      staleSession: false,
      emailOwner: { id: pending.id, isActive: false, emailVerified: false, hasPassword: false },
      email: pending.email,
      emailVerifiedByProvider: true,
    });
  });

  it("treats a cookie whose user is not its session's user as a stale session", async () => {
    const { encodeSessionToken, decodeSessionToken } = await import("../../auth/session/cookie");
    const owner = await insertUser();
    const intruder = await insertUser();
    const { cookie } = await createSession(owner.id, META);
    const claims = (await decodeSessionToken(cookie.value))!;
    const forged = await encodeSessionToken({ sub: intruder.id, sid: claims.sid, aexp: claims.aexp }, 600);
    expect(
      await gatherGoogleSignInFacts({ id: "sub-x", email: null, emailVerifiedByProvider: true }, forged),
    ).toMatchObject({ currentUserId: null, currentSessionRecent: false, staleSession: true });
  });

  it("answers true to go on, or the friendly page's path with the reason", async () => {
    const owner = await insertUser();
    expect(
      await authorizeGoogleSignIn({ sub: "s1", email: `fresh-${owner.id}@example.test`, email_verified: true }, null),
    ).toBe(true);
    // The owner has a password: never linked automatically, even though both sides verified the email.
    expect(await authorizeGoogleSignIn({ sub: "s2", email: owner.email, email_verified: true }, null)).toBe(
      "/auth/error?error=link_required",
    );
    const pending = await insertUser({ isActive: false });
    expect(await authorizeGoogleSignIn({ sub: "s2b", email: pending.email, email_verified: true }, null)).toBe(
      "/auth/error?error=link_required",
    );
    expect(await authorizeGoogleSignIn({ sub: "s3", email: owner.email, email_verified: false }, null)).toBe(
      "/auth/error?error=email_not_verified",
    );
    expect(await authorizeGoogleSignIn(undefined, null)).toBe("/auth/error?error=email_missing");
    expect(await db.account.count({ where: { userId: owner.id } })).toBe(0);
  });

  it("a stranger's pre-registration with the owner's address never lets the owner's Google in, nor the stranger", async () => {
    // The stranger registered the address with a password and somehow got it activated (before activation
    // needed the password): Google must not attach the owner's identity to the stranger's account.
    const prepared = await insertUser({ email: "victim@example.test", password: "Strangers-own-pass-1" });
    expect(await authorizeGoogleSignIn({ sub: "victim-sub", email: prepared.email, email_verified: true }, null)).toBe(
      "/auth/error?error=link_required",
    );
    expect(await db.account.count({ where: { userId: prepared.id } })).toBe(0);
  });

  it("linking from a signed-in session needs a recent sign-in", async () => {
    const user = await insertUser();
    const { sessionId, cookie } = await createSession(user.id, META);
    await db.session.update({ where: { id: sessionId }, data: { authenticatedAt: new Date(Date.now() - 3600_000) } });
    // Drop the cached record so the lookup reads the older sign-in time from the database.
    const { redis } = await import("../../redis");
    const { decodeSessionToken } = await import("../../auth/session/cookie");
    const { sessionTokenHash } = await import("../../auth/session/store");
    await redis.del(`session:${sessionTokenHash((await decodeSessionToken(cookie.value))!.sid)}`);
    expect(
      await authorizeGoogleSignIn({ sub: "new-sub", email: "any@example.test", email_verified: true }, cookie.value),
    ).toBe("/auth/error?error=reauthentication_required");
  });
});

describe("a refused Google sign-in", () => {
  it("lands on the friendly page with the reason encoded as one query value", () => {
    expect(googleErrorPath("link_required")).toBe("/auth/error?error=link_required");
    expect(googleErrorPath("a b&next=/evil")).toBe("/auth/error?error=a%20b%26next%3D%2Fevil");
  });

  it("is logged with its reason (and a sign-in that goes on is not)", async () => {
    const owner = await insertUser();
    const info = vi.spyOn(logger, "info");
    try {
      await authorizeGoogleSignIn({ sub: "logged-sub", email: owner.email, email_verified: true }, null);
      expect(info).toHaveBeenCalledWith({ reason: "link_required" }, expect.any(String));
      info.mockClear();
      await authorizeGoogleSignIn({ sub: "new-sub", email: "brand.new@example.test", email_verified: true }, null);
      expect(info).not.toHaveBeenCalled();
    } finally {
      info.mockRestore();
    }
  });
});
