import { afterEach, describe, expect, it, vi } from "vitest";
import { ADMIN_ROLE, DEFAULT_ROLE, MANAGER_ROLE } from "../authz/builtin-roles";
import { seedBuiltInRoles } from "../authz/seed";
import { db, isUniqueViolation } from "../db";
import { insertUser, TEST_META, uniqueName } from "../testing/fixtures";
import { createUser, createUserWithDerivedUsername } from "./create-user";
import type * as UsernameFromEmail from "./username-from-email";

// Collision suffixes are random; a test can make them predictable to fill every candidate.
const suffixes = vi.hoisted(() => ({ predictable: false }));
vi.mock("./username-from-email", async (importOriginal) => {
  const original = await importOriginal<typeof UsernameFromEmail>();
  return {
    ...original,
    usernameWithSuffix: (base: string, attempt: number) =>
      suffixes.predictable ? `${base}_${attempt}` : original.usernameWithSuffix(base, attempt),
  };
});

afterEach(() => {
  suffixes.predictable = false;
});

const roleNames = async (userId: string) =>
  (await db.userRole.findMany({ where: { userId }, include: { role: true } })).map((r) => r.role.name).sort();

describe("createUser", () => {
  it("a self-registered account is pending: not active, email not verified, password time recorded", async () => {
    const username = uniqueName("Pending");
    const { id } = await db.$transaction((tx) =>
      createUser(tx, {
        username,
        email: `${username}@Example.TEST`,
        passwordHash: "hash",
        state: "pending",
        source: "registration",
        meta: TEST_META,
      }),
    );
    const row = await db.user.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      username,
      usernameKey: username.toLowerCase(),
      email: `${username.toLowerCase()}@example.test`,
      firstName: "",
      lastName: "",
      isActive: false,
      emailVerified: null,
      image: null,
    });
    expect(row.passwordChangedAt).toBeInstanceOf(Date);
    expect(await roleNames(id)).toEqual([DEFAULT_ROLE]);
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: id, type: "account.registered" } })).toMatchObject({
      ip: TEST_META.ip,
      userAgent: TEST_META.userAgent,
      data: { source: "registration" },
    });
  });

  it("an account someone vouches for is active and verified at once, with the roles it is given", async () => {
    await seedBuiltInRoles(db);
    const roles = await db.role.findMany({ where: { name: { in: [ADMIN_ROLE, MANAGER_ROLE] } } });
    const username = uniqueName("vouched");
    const { id } = await db.$transaction((tx) =>
      createUser(tx, {
        username,
        email: `${username}@example.test`,
        firstName: "Ada",
        lastName: "Lovelace",
        passwordHash: null,
        state: "active",
        roleIds: roles.map((r) => r.id),
        image: "https://example.test/a.png",
        source: "admin",
      }),
    );
    const row = await db.user.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      isActive: true,
      passwordHash: null,
      passwordChangedAt: null,
      image: "https://example.test/a.png",
    });
    expect(row.emailVerified).toBeInstanceOf(Date);
    expect(await roleNames(id)).toEqual([ADMIN_ROLE, MANAGER_ROLE]);
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: id } })).toMatchObject({
      ip: "",
      data: { source: "admin" },
    });
  });

  it("a taken username, in any casing, is the database's unique violation on the username key", async () => {
    const holder = await insertUser({ username: uniqueName("Holder") });
    const error = await db
      .$transaction((tx) =>
        createUser(tx, {
          username: holder.username.toUpperCase(),
          email: `${uniqueName()}@example.test`,
          passwordHash: null,
          state: "active",
          source: "admin",
        }),
      )
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error, "usernameKey")).toBe(true);
  });
});

describe("createUserWithDerivedUsername", () => {
  const account = (email: string) => ({ email, passwordHash: null, state: "active" as const, source: "seed" as const });

  it("takes the name from the email when it is free", async () => {
    const { id } = await createUserWithDerivedUsername(account("derived.free@example.test"));
    expect((await db.user.findUniqueOrThrow({ where: { id } })).username).toBe("derived.free");
  });

  it("tries up to eight candidates, then gives up with an error instead of looping", async () => {
    suffixes.predictable = true;
    const base = "crowded";
    await insertUser({ username: base, email: "crowded-0@elsewhere.test" });
    for (let attempt = 1; attempt < 8; attempt += 1) {
      await insertUser({ username: `${base}_${attempt}`, email: `crowded-${attempt}@elsewhere.test` });
    }
    await expect(createUserWithDerivedUsername(account("crowded@example.test"))).rejects.toThrow(
      "No free username for crowded@example.test",
    );
    // The eighth candidate is the last one tried: once it is free, it is taken.
    await db.user.delete({ where: { usernameKey: `${base}_7` } });
    const { id } = await createUserWithDerivedUsername(account("crowded@example.test"));
    expect((await db.user.findUniqueOrThrow({ where: { id } })).username).toBe(`${base}_7`);
  });

  it("does not retry a taken email under other usernames: that violation is the caller's", async () => {
    const existing = await insertUser();
    const error = await createUserWithDerivedUsername(account(existing.email)).catch((e: unknown) => e);
    expect(isUniqueViolation(error, "email")).toBe(true);
    expect(await db.user.count({ where: { email: existing.email } })).toBe(1);
  });
});
