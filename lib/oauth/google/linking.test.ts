import { describe, expect, it } from "vitest";
import { insertUser } from "../../testing/fixtures";
import { db } from "../../db";
import { createSession, revokeAllSessions } from "../../auth/session/registry";
import { decideGoogleSignIn, gatherGoogleSignInFacts, type GoogleSignInFacts } from "./linking";
import { authorizeGoogleSignIn } from "./sign-in";

const META = { ip: "198.51.100.7", userAgent: "test" };

const none: GoogleSignInFacts = {
  linkedUser: null,
  currentUserId: null,
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

  it("links to the account with the same email only when both sides verified it", () => {
    const owner = { id: "u1", isActive: true, emailVerified: true };
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

  it("links to the signed-in user on request, whatever the email", () => {
    expect(
      decideGoogleSignIn({ ...none, currentUserId: "u2", emailVerifiedByProvider: false, email: "other@example.test" }),
    ).toEqual({
      action: "link",
      userId: "u2",
      automatic: false,
    });
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
    await db.user.update({ where: { id: owner.id }, data: { emailVerified: new Date() } });
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
      staleSession: false,
      emailOwner: { id: owner.id, isActive: true, emailVerified: true },
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

  it("answers true to go on, or the friendly page's path with the reason", async () => {
    const owner = await insertUser();
    expect(
      await authorizeGoogleSignIn({ sub: "s1", email: `fresh-${owner.id}@example.test`, email_verified: true }, null),
    ).toBe(true);
    // The owner never verified their email here (insertUser leaves emailVerified empty).
    expect(await authorizeGoogleSignIn({ sub: "s2", email: owner.email, email_verified: true }, null)).toBe(
      "/auth/error?error=link_required",
    );
    expect(await authorizeGoogleSignIn({ sub: "s3", email: owner.email, email_verified: false }, null)).toBe(
      "/auth/error?error=email_not_verified",
    );
    expect(await authorizeGoogleSignIn(undefined, null)).toBe("/auth/error?error=email_missing");
    expect(await db.account.count({ where: { userId: owner.id } })).toBe(0);
  });
});
