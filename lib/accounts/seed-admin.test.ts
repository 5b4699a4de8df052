import { describe, expect, it } from "vitest";
import { verifySync } from "../auth/password/hash";
import { seedBuiltInRoles } from "../authz/seed";
import { loadConfig } from "../config";
import { db } from "../db";
import { seedAdmin } from "./seed-admin";

describe("seedAdmin", () => {
  it("creates the bootstrap Admin once, active, with a working password", async () => {
    await seedBuiltInRoles(db);
    const config = loadConfig({
      ...process.env,
      ADMIN_EMAIL: "Boss@Example.com",
      ADMIN_PASSWORD: "a long admin passphrase",
    });
    expect(await seedAdmin(db, config)).toBe("created");
    expect(await seedAdmin(db, config)).toBe("exists");
    const admin = await db.user.findUniqueOrThrow({
      where: { email: "boss@example.com" },
      include: { roles: { include: { role: true } } },
    });
    expect(admin.isActive).toBe(true);
    expect(admin.firstName).toBe("Admin");
    expect(admin.emailVerified).toBeInstanceOf(Date);
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: admin.id } })).toMatchObject({
      type: "account.registered",
      data: { source: "seed" },
    });
    expect(admin.roles.map((r) => r.role.name)).toEqual(["Admin"]);
    expect(verifySync("a long admin passphrase", admin.passwordHash ?? "", config.auth.passwordPepper)).toBe(true);
  });

  it("gives the Admin a free username when the one derived from the email is taken", async () => {
    await seedBuiltInRoles(db);
    await db.user.create({ data: { username: "chief", usernameKey: "chief", email: "someone-else@example.com" } });
    const config = loadConfig({
      ...process.env,
      ADMIN_EMAIL: "Chief@Example.com",
      ADMIN_PASSWORD: "a long admin passphrase",
    });
    expect(await seedAdmin(db, config)).toBe("created");
    const admin = await db.user.findUniqueOrThrow({ where: { email: "chief@example.com" } });
    expect(admin.username).toMatch(/^chief_\d+$/);
  });

  it("skips the Admin when no credentials are configured", async () => {
    expect(await seedAdmin(db, loadConfig({ ...process.env, ADMIN_EMAIL: "", ADMIN_PASSWORD: "" }))).toBe("skipped");
  });
});
