import { describe, expect, it } from "vitest";
import { insertUser, queuedEmails, STRONG_PASSWORD } from "../../testing/fixtures";
import { db } from "../../db";
import { createSession } from "../../auth/session/registry";
import { setInitialPassword } from "../../accounts/initial-password";
import { listSignInMethods, unlinkGoogle } from "./methods";
import { createGoogleUser } from "./users";

const META = { ip: "198.51.100.7", userAgent: "test" };
/** A step-up session of the user that signed in `agoMs` ago. */
const fresh = (userId: string, agoMs = 0) => ({
  userId,
  sessionId: "s",
  authenticatedAt: new Date(Date.now() - agoMs),
});

async function googleUser(email: string) {
  const user = await createGoogleUser({
    email,
    emailVerifiedByProvider: true,
    firstName: "G",
    lastName: "U",
    image: null,
  });
  await db.account.create({
    data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: `sub-${user.id}` },
  });
  return user;
}

describe("sign-in methods", () => {
  it("lists the password and the Google link", async () => {
    const user = await googleUser("methods@example.test");
    expect(await listSignInMethods(user.id)).toEqual({ password: false, google: { linkedAt: expect.any(Date) } });
    const local = await insertUser();
    expect(await listSignInMethods(local.id)).toEqual({ password: true, google: null });
  });

  it("refuses to unlink Google when it is the only way in", async () => {
    const user = await googleUser("only-google@example.test");
    await expect(unlinkGoogle(fresh(user.id), META)).rejects.toMatchObject({ code: "conflict" });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
  });

  it("unlinks Google when the user has a password, and says so when nothing is linked", async () => {
    const user = await insertUser();
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: "sub-unlink" },
    });
    await unlinkGoogle(fresh(user.id), META);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "account.unlinked" } })).toBe(1);
    expect(await queuedEmails(user.email)).toMatchObject([
      { template: "security-notice", data: { event: "google-unlinked" } },
    ]);
    await expect(unlinkGoogle(fresh(user.id), META)).rejects.toMatchObject({ code: "not_found" });
  });

  it("needs a recent sign-in (step-up): an older session is refused and Google stays linked", async () => {
    const user = await insertUser();
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: "sub-old" },
    });
    await expect(unlinkGoogle(fresh(user.id, 11 * 60 * 1000), META)).rejects.toMatchObject({
      code: "reauthentication_required",
    });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
  });

  it("two concurrent unlinks of a Google-only user both fail", async () => {
    const user = await googleUser("race@example.test");
    const results = await Promise.allSettled([unlinkGoogle(fresh(user.id), META), unlinkGoogle(fresh(user.id), META)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});

describe("listing Google as a sign-in method", () => {
  it("gives the time Google was first linked when several Google identities are", async () => {
    const user = await insertUser();
    // Stored newest first, so that only the ordering can pick the oldest.
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: "sub-later" },
    });
    const linkedAt = new Date(Date.now() - 86_400_000);
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: "sub-first", createdAt: linkedAt },
    });
    expect(await listSignInMethods(user.id)).toEqual({ password: true, google: { linkedAt } });
  });
});

describe("unlinking Google when another provider is linked", () => {
  it("a user without a password may unlink Google while another provider still signs them in; that link stays", async () => {
    const user = await googleUser("two-providers@example.test");
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "github", providerAccountId: `gh-${user.id}` },
    });
    await unlinkGoogle(fresh(user.id), META);
    expect(await db.account.findMany({ where: { userId: user.id }, select: { provider: true } })).toEqual([
      { provider: "github" },
    ]);
    expect(await listSignInMethods(user.id)).toEqual({ password: false, google: null });
  });

  it("only Google links are listed and removed; another provider alone is not Google", async () => {
    const user = await insertUser();
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "github", providerAccountId: "gh-only" },
    });
    expect(await listSignInMethods(user.id)).toEqual({ password: true, google: null });
    await expect(unlinkGoogle(fresh(user.id), META)).rejects.toMatchObject({ code: "not_found" });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
  });

  it("unlinking removes only the caller's Google link, not another person's", async () => {
    const user = await insertUser();
    const other = await googleUser("bystander@example.test");
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: "sub-mine" },
    });
    await unlinkGoogle(fresh(user.id), META);
    expect(await db.account.count({ where: { userId: other.id } })).toBe(1);
    // The bystander, Google-only, is still protected by the last-way-in rule.
    await expect(unlinkGoogle(fresh(other.id), META)).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("Set a password first"),
    });
  });

  it("says so when Google is not linked", async () => {
    const user = await insertUser();
    await expect(unlinkGoogle(fresh(user.id), META)).rejects.toMatchObject({
      code: "not_found",
      message: "Google is not linked to this account.",
    });
  });

  it("a disabled account cannot unlink (401), and its link stays", async () => {
    const user = await insertUser();
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: "sub-dis" },
    });
    await db.user.update({ where: { id: user.id }, data: { isActive: false, disabledAt: new Date() } });
    await expect(unlinkGoogle(fresh(user.id), META)).rejects.toMatchObject({ code: "unauthorized" });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
  });

  it("records the unlink with the request's address and the provider", async () => {
    const user = await insertUser();
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: "sub-aud" },
    });
    await unlinkGoogle(fresh(user.id), META);
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "account.unlinked" } }),
    ).toMatchObject({ ip: META.ip, userAgent: META.userAgent, data: { provider: "google" } });
    expect(await queuedEmails(user.email)).toMatchObject([
      { template: "security-notice", data: { event: "google-unlinked", username: user.username, ip: META.ip } },
    ]);
  });
});

describe("Google after a first password", () => {
  it("a Google-created user who sets a password can then unlink Google", async () => {
    const user = await googleUser("setpw-unlink@example.test");
    const session = await createSession(user.id, META);
    await setInitialPassword({ ...fresh(user.id), sessionId: session.sessionId }, STRONG_PASSWORD, META);
    expect(await listSignInMethods(user.id)).toEqual({ password: true, google: { linkedAt: expect.any(Date) } });
    await unlinkGoogle(fresh(user.id), META);
    expect(await listSignInMethods(user.id)).toEqual({ password: true, google: null });
  });

  it("a disabled account's methods are not listed (401)", async () => {
    const user = await googleUser("disabled-methods@example.test");
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    await expect(listSignInMethods(user.id)).rejects.toMatchObject({ code: "unauthorized" });
  });
});
