import { execFile } from "node:child_process";
import { beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "../lib/auth/password/pool";
import { relationTo } from "../lib/authz/chain";
import { seedBuiltInRoles } from "../lib/authz/seed";
import { deriveDevJwk } from "../lib/config/dev-keys";
import { db } from "../lib/db";
import { REPO_ROOT } from "../lib/testing/processes";
import { PasswordSchema } from "../lib/validation";
import { passwordPolicyProblems } from "../lib/validation/password-policy";
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_ROLE, demoEmail, seedDemo } from "./demo";

const everyone = DEMO_PEOPLE.map((person) => person.username);

/** Everything a second run could change: the demo's rows, their roles and the audit trail. */
async function snapshot() {
  const [users, roles, audit] = await Promise.all([
    db.user.findMany({ orderBy: { usernameKey: "asc" }, include: { roles: true } }),
    db.role.findMany({ orderBy: { name: "asc" } }),
    db.auditEvent.count(),
  ]);
  return { users, roles, audit };
}

async function organisation() {
  const users = await db.user.findMany({
    where: { usernameKey: { in: everyone } },
    include: { roles: { include: { role: true } } },
  });
  const byName = new Map(users.map((user) => [user.usernameKey, user]));
  const byId = new Map(users.map((user) => [user.id, user]));
  const managerOf = (username: string) => {
    const managerId = byName.get(username)?.managerId;
    return managerId ? byId.get(managerId)?.usernameKey : null;
  };
  const reportsOf = (username: string) =>
    users
      .filter((user) => user.managerId === byName.get(username)?.id)
      .map((user) => user.usernameKey)
      .sort();
  const rolesOf = (username: string) => byName.get(username)?.roles.map(({ role }) => role.name) ?? [];
  return { users, byName, managerOf, reportsOf, rolesOf };
}

/** Runs `npm run db:seed`'s script against this test file's database. */
function seedScript(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "prisma/seed.ts", ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

// The tests of this file share its database: each starts from the built-in roles alone.
beforeEach(async () => {
  await db.user.deleteMany();
  await db.role.deleteMany({ where: { builtIn: false } });
  await seedBuiltInRoles(db);
});

describe("the demo organisation (npm run db:seed -- --demo)", () => {
  it("creates an Admin, two managers with their teams, a chain three deep and an Auditor, all able to sign in", async () => {
    expect(await seedDemo(db)).toEqual({ created: everyone, existing: [], roleCreated: true });

    const { users, byName, managerOf, reportsOf, rolesOf } = await organisation();
    expect(users).toHaveLength(DEMO_PEOPLE.length);
    for (const user of users) {
      expect(user).toMatchObject({ isActive: true, email: demoEmail(user.usernameKey), disabledAt: null });
      expect(user.emailVerified).toBeInstanceOf(Date);
      expect(await verifyPassword(DEMO_PASSWORD, user.passwordHash ?? "")).toBe(true);
    }

    expect(rolesOf("grace")).toEqual(["Admin"]);
    expect(managerOf("grace")).toBeNull();
    const managers = users.filter((user) => rolesOf(user.usernameKey).includes("Manager")).map((u) => u.usernameKey);
    expect(managers.sort()).toEqual(["marcus", "maria"]);
    for (const manager of managers) {
      expect(managerOf(manager)).toBe("grace");
      const team = reportsOf(manager);
      expect(team.length).toBeGreaterThanOrEqual(2);
      expect(team.length).toBeLessThanOrEqual(3);
      for (const member of team) expect(rolesOf(member)).toEqual(["Employee"]);
    }
    // An employee below an employee: maria → eli → iris, which the chain query sees from the top.
    expect(managerOf("iris")).toBe("eli");
    expect(rolesOf("eli")).toEqual(["Employee"]);
    expect(await relationTo(byName.get("maria")!.id, byName.get("iris")!.id)).toBe("report");
    expect(await relationTo(byName.get("grace")!.id, byName.get("iris")!.id)).toBe("report");
    expect(await relationTo(byName.get("marcus")!.id, byName.get("iris")!.id)).toBe("other");

    const auditor = await db.role.findUniqueOrThrow({
      where: { name: DEMO_ROLE.name },
      include: { users: { include: { user: true } } },
    });
    expect(auditor).toMatchObject({ level: 50, builtIn: false });
    expect([...auditor.permissions].sort()).toEqual(["audit:read", "users:read"]);
    expect(auditor.users.map(({ user }) => user.usernameKey)).toEqual(["audrey"]);
  });

  it("a second run changes nothing and says everyone exists", async () => {
    await seedDemo(db);
    const before = await snapshot();
    expect(await seedDemo(db)).toEqual({ created: [], existing: everyone, roleCreated: false });
    expect(await snapshot()).toEqual(before);
  });

  it("fills in only what is missing", async () => {
    await seedDemo(db);
    await db.user.delete({ where: { usernameKey: "iris" } });
    expect(await seedDemo(db)).toMatchObject({ created: ["iris"], roleCreated: false });
    expect((await organisation()).managerOf("iris")).toBe("eli");
  });

  it("stops without creating anyone when a demo username belongs to someone else", async () => {
    await db.user.create({ data: { username: "Maria", usernameKey: "maria", email: "maria@elsewhere.test" } });
    await expect(seedDemo(db)).rejects.toThrow("The username maria belongs to maria@elsewhere.test");
    expect(await db.user.count()).toBe(1);
    expect(await db.role.findUnique({ where: { name: DEMO_ROLE.name } })).toBeNull();
  });

  it("the shared password passes the password policy for every demo account", () => {
    expect(PasswordSchema.safeParse(DEMO_PASSWORD).success).toBe(true);
    for (const username of everyone) {
      expect(passwordPolicyProblems(DEMO_PASSWORD, { username, email: demoEmail(username) })).toEqual([]);
    }
  });

  it("the seed script takes --demo, twice in a row, and refuses it in production", async () => {
    const first = await seedScript(["--demo"]);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain(`Created the demo users ${everyone.join(", ")}.`);
    const second = await seedScript(["--demo"]);
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(second.stdout).toContain(`The demo users ${everyone.join(", ")} already exist.`);
    expect(second.stdout).not.toContain("Created");

    const production = await seedScript(["--demo"], {
      NODE_ENV: "production",
      AUTH_SECRET: "x".repeat(40),
      PASSWORD_PEPPER: "y".repeat(40),
      JWE_PRIVATE_JWKS: JSON.stringify([deriveDevJwk("demo-test")]),
      RESEND_API_KEY: "re_test",
      BCRYPT_COST: "10",
    });
    expect(production.code).toBe(1);
    expect(production.stderr).toContain("--demo is for development");
  });
});
