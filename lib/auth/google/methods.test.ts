import { describe, expect, it } from "vitest";
import { insertUser, queuedEmails, STRONG_PASSWORD } from "../../accounts/test-helpers";
import { db } from "../../db";
import { createSession, listSessions } from "../session/registry";
import { verifyCredentials } from "../session/sign-in";
import { setInitialPassword } from "./initial-password";
import { listSignInMethods, unlinkGoogle } from "./methods";
import { createGoogleUser } from "./users";

const META = { ip: "198.51.100.7", userAgent: "test" };

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
    await expect(unlinkGoogle(user.id, META)).rejects.toMatchObject({ code: "conflict" });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
  });

  it("unlinks Google when the user has a password, and says so when nothing is linked", async () => {
    const user = await insertUser();
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: "sub-unlink" },
    });
    await unlinkGoogle(user.id, META);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "account.unlinked" } })).toBe(1);
    await expect(unlinkGoogle(user.id, META)).rejects.toMatchObject({ code: "not_found" });
  });

  it("two concurrent unlinks of a Google-only user both fail", async () => {
    const user = await googleUser("race@example.test");
    const results = await Promise.allSettled([unlinkGoogle(user.id, META), unlinkGoogle(user.id, META)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});

describe("setInitialPassword", () => {
  it("lets a Google-created user set a password and then sign in with it; other sessions end, this one stays", async () => {
    const user = await googleUser("setpw@example.test");
    const current = await createSession(user.id, META);
    await createSession(user.id, META);
    await setInitialPassword(user.id, current.sessionId, STRONG_PASSWORD, META);

    const signedIn = await verifyCredentials(user.email, STRONG_PASSWORD, META);
    expect(signedIn.id).toBe(user.id);
    expect((await listSessions(user.id, current.sessionId)).map((s) => s.current)).toEqual([true]);
    expect((await queuedEmails(user.email)).map((m) => m.template)).toEqual(["password-changed"]);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "password.set" } })).toBe(1);
    // Now Google can be unlinked.
    await unlinkGoogle(user.id, META);
  });

  it("applies the password policy and refuses when a password already exists", async () => {
    const user = await googleUser("policy@example.test");
    const session = await createSession(user.id, META);
    await expect(setInitialPassword(user.id, session.sessionId, "password", META)).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      setInitialPassword(user.id, session.sessionId, "policy@example.test-Long-9", META),
    ).rejects.toMatchObject({ code: "validation_failed" });
    const local = await insertUser();
    const localSession = await createSession(local.id, META);
    await expect(
      setInitialPassword(local.id, localSession.sessionId, "Another-strong-Pass-42", META),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("answers 401 for a disabled account, whose live session does not outlast it", async () => {
    const user = await googleUser("disabled-setpw@example.test");
    const session = await createSession(user.id, META);
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    await expect(setInitialPassword(user.id, session.sessionId, STRONG_PASSWORD, META)).rejects.toMatchObject({
      code: "unauthorized",
    });
    await expect(listSignInMethods(user.id)).rejects.toMatchObject({ code: "unauthorized" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
  });
});
