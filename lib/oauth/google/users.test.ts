import { describe, expect, it } from "vitest";
import { insertUser, queuedEmails } from "../../testing/fixtures";
import { DEFAULT_ROLE } from "../../authz/builtin-roles";
import { db } from "../../db";
import { authAdapter } from "./adapter";
import { createGoogleUser } from "./users";

const profile = (email: string) => ({
  email,
  emailVerifiedByProvider: true,
  firstName: "Grace",
  lastName: "Hopper",
  image: null,
});

describe("createGoogleUser", () => {
  it("creates an active, verified user with the default role, the names and a username from the email, and no password", async () => {
    const user = await createGoogleUser(profile("Grace.Hopper@Example.test"));
    const row = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      include: { roles: { include: { role: true } } },
    });
    expect(row).toMatchObject({
      username: "grace.hopper",
      usernameKey: "grace.hopper",
      email: "grace.hopper@example.test",
      firstName: "Grace",
      lastName: "Hopper",
      isActive: true,
      passwordHash: null,
    });
    expect(row.emailVerified).toBeInstanceOf(Date);
    expect(row.roles.map((r) => r.role.name)).toEqual([DEFAULT_ROLE]);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "account.registered" } })).toBe(1);
  });

  it("picks another username when the derived one is taken (case-insensitively)", async () => {
    await insertUser({ username: "Ada.Lovelace", email: "ada@elsewhere.test" });
    const user = await createGoogleUser(profile("ada.lovelace@example.test"));
    expect(user.username).toMatch(/^ada\.lovelace_\d{2,}$/);
    const again = await createGoogleUser(profile("ada.lovelace@other.test"));
    expect(again.username).not.toBe(user.username);
  });

  it("never creates a user from an unverified or missing email", async () => {
    await expect(createGoogleUser({ ...profile("x@example.test"), emailVerifiedByProvider: false })).rejects.toThrow();
    await expect(createGoogleUser({ ...profile("x@example.test"), email: null })).rejects.toThrow();
    await expect(createGoogleUser({ ...profile("x@example.test"), emailVerifiedByProvider: false })).rejects.toThrow(
      "unverified email",
    );
    await expect(createGoogleUser({ ...profile("x@example.test"), email: null })).rejects.toThrow("without an email");
    expect(await db.user.count({ where: { email: "x@example.test" } })).toBe(0);
  });
});

const META = { ip: "192.0.2.33", userAgent: "test-browser" };

describe("authAdapter", () => {
  it("finds users by email case-insensitively and links accounts without storing the provider's tokens", async () => {
    const adapter = authAdapter(async () => META);
    const user = await insertUser({ email: "linkme@example.test" });
    expect((await adapter.getUserByEmail!("LinkMe@Example.TEST"))?.id).toBe(user.id);
    await adapter.linkAccount!({
      userId: user.id,
      type: "oidc",
      provider: "google",
      providerAccountId: "sub-1",
      access_token: "secret-access",
      id_token: "secret-id",
      refresh_token: "secret-refresh",
      token_type: "bearer",
    });
    const account = await db.account.findUniqueOrThrow({
      where: { provider_providerAccountId: { provider: "google", providerAccountId: "sub-1" } },
    });
    expect(account).toMatchObject({ userId: user.id, access_token: null, id_token: null, refresh_token: null });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "account.linked" } })).toBe(1);
    expect((await adapter.getUserByAccount!({ provider: "google", providerAccountId: "sub-1" }))?.id).toBe(user.id);
    // Linking Google to an account that had another way in tells the owner.
    expect(await queuedEmails(user.email)).toMatchObject([
      { template: "security-notice", data: { event: "google-linked", ip: META.ip, userAgent: META.userAgent } },
    ]);
  });

  it("a Google sign-up linking its own new account sends no notice", async () => {
    const adapter = authAdapter(async () => META);
    const created = await adapter.createUser!({
      id: "ignored",
      email: "signup.person@example.test",
      emailVerifiedByProvider: true,
      firstName: "Sign",
      lastName: "Up",
    } as never);
    await adapter.linkAccount!({ userId: created.id, type: "oidc", provider: "google", providerAccountId: "sub-up" });
    expect(await queuedEmails("signup.person@example.test")).toEqual([]);
  });

  it("creates users through createGoogleUser", async () => {
    const adapter = authAdapter(async () => META);
    const created = await adapter.createUser!({
      id: "ignored",
      email: "new.person@example.test",
      emailVerified: null,
      emailVerifiedByProvider: true,
      firstName: "New",
      lastName: "Person",
    } as never);
    expect(created.id).not.toBe("ignored");
    expect(await db.user.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      username: "new.person",
      isActive: true,
    });
  });
});

describe("authAdapter linking a further identity", () => {
  it("tells a Google-only account's owner when another identity is linked to it, and records the provider", async () => {
    const adapter = authAdapter(async () => META);
    const created = await adapter.createUser!({
      id: "ignored",
      email: "google.only@example.test",
      emailVerifiedByProvider: true,
      firstName: "Google",
      lastName: "Only",
    } as never);
    await adapter.linkAccount!({ userId: created.id, type: "oidc", provider: "google", providerAccountId: "first" });
    await adapter.linkAccount!({ userId: created.id, type: "oidc", provider: "google", providerAccountId: "second" });
    expect(await queuedEmails("google.only@example.test")).toMatchObject([
      { template: "security-notice", data: { event: "google-linked" } },
    ]);
    const audits = await db.auditEvent.findMany({ where: { userId: created.id, type: "account.linked" } });
    expect(audits.map((a) => a.data)).toEqual([{ provider: "google" }, { provider: "google" }]);
    expect(audits[0]).toMatchObject({ ip: META.ip, userAgent: META.userAgent });
  });

  it("records a Google sign-up with its source in the audit trail", async () => {
    const user = await createGoogleUser(profile("audited.signup@example.test"));
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "account.registered" } }),
    ).toMatchObject({
      data: { source: "google" },
    });
  });

  it("keeps the profile picture and sets no password time for a password-less account", async () => {
    const user = await createGoogleUser({ ...profile("pictured@example.test"), image: "https://lh3.example/p.jpg" });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      image: "https://lh3.example/p.jpg",
      passwordChangedAt: null,
    });
  });

  it("finds no user for an unknown email", async () => {
    const adapter = authAdapter(async () => META);
    expect(await adapter.getUserByEmail!("nobody.at.all@example.test")).toBeNull();
  });
});
