// The demo organisation of `npm run db:seed -- --demo`: a few people to sign in as and see the
// users/roles rules at work (an Admin, two managers with their teams, a chain three deep below a
// manager, and a custom role). Development only: every account shares one published password.
import { createUser } from "../lib/accounts/create-user";
import { hashPassword } from "../lib/auth/password/pool";
import { passwordPolicyProblems } from "../lib/auth/password/policy";
import { ADMIN_ROLE, DEFAULT_ROLE, MANAGER_ROLE } from "../lib/authz/builtin-roles";
import type { Permission } from "../lib/authz/permissions";
import type { Db } from "../lib/db";

/** The password of every demo account (README, "Try it"). */
export const DEMO_PASSWORD = "Try-the-demo-2026";

export const DEMO_ROLE = {
  name: "Auditor",
  level: 50,
  permissions: ["users:read", "audit:read"] as Permission[],
  description: "Reads the user directory and the audit trail (demo role).",
};

export type DemoPerson = {
  username: string;
  firstName: string;
  lastName: string;
  role: string;
  /** Username of their manager; everyone named here comes earlier in DEMO_PEOPLE. */
  manager: string | null;
};

/** Managers before their reports, so each manager exists when their reports are created. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { username: "grace", firstName: "Grace", lastName: "Hopper", role: ADMIN_ROLE, manager: null },
  { username: "maria", firstName: "Maria", lastName: "Garcia", role: MANAGER_ROLE, manager: "grace" },
  { username: "marcus", firstName: "Marcus", lastName: "Chen", role: MANAGER_ROLE, manager: "grace" },
  { username: "eli", firstName: "Eli", lastName: "Turner", role: DEFAULT_ROLE, manager: "maria" },
  { username: "erin", firstName: "Erin", lastName: "Walsh", role: DEFAULT_ROLE, manager: "maria" },
  { username: "ezra", firstName: "Ezra", lastName: "Cohen", role: DEFAULT_ROLE, manager: "maria" },
  { username: "emma", firstName: "Emma", lastName: "Novak", role: DEFAULT_ROLE, manager: "marcus" },
  { username: "evan", firstName: "Evan", lastName: "Brooks", role: DEFAULT_ROLE, manager: "marcus" },
  { username: "iris", firstName: "Iris", lastName: "Park", role: DEFAULT_ROLE, manager: "eli" },
  { username: "audrey", firstName: "Audrey", lastName: "Stone", role: DEMO_ROLE.name, manager: "grace" },
];

/** example.com is reserved for examples: nothing is ever delivered to it. */
export const demoEmail = (username: string) => `${username}@example.com`;

export type DemoSeedResult = { created: string[]; existing: string[]; roleCreated: boolean };

/**
 * Creates whatever part of the demo organisation is missing and leaves the rest untouched, so a
 * second run changes nothing. Needs the built-in roles (seedBuiltInRoles). A demo username held
 * by an account that is not the demo's (another email) stops the seed rather than adopting it.
 */
export async function seedDemo(db: Db): Promise<DemoSeedResult> {
  for (const person of DEMO_PEOPLE) {
    const problems = passwordPolicyProblems(DEMO_PASSWORD, {
      username: person.username,
      email: demoEmail(person.username),
    });
    if (problems.length > 0)
      throw new Error(`The demo password does not fit ${person.username}: ${problems.join(" ")}`);
  }

  const found = await db.user.findMany({
    where: { usernameKey: { in: DEMO_PEOPLE.map((person) => person.username) } },
    select: { id: true, usernameKey: true, email: true },
  });
  for (const user of found) {
    if (user.email !== demoEmail(user.usernameKey)) {
      throw new Error(`The username ${user.usernameKey} belongs to ${user.email}, not to the demo: demo not seeded.`);
    }
  }
  const ids = new Map(found.map((user) => [user.usernameKey, user.id]));
  const missing = DEMO_PEOPLE.filter((person) => !ids.has(person.username));
  // bcrypt runs on the pool's threads, all of them at once.
  const hashes = await Promise.all(missing.map(() => hashPassword(DEMO_PASSWORD)));

  let roleCreated = false;
  await db.$transaction(async (tx) => {
    if (!(await tx.role.findUnique({ where: { name: DEMO_ROLE.name }, select: { id: true } }))) {
      await tx.role.create({ data: DEMO_ROLE });
      roleCreated = true;
    }
    const roles = await tx.role.findMany({
      where: { name: { in: [...new Set(DEMO_PEOPLE.map((person) => person.role))] } },
      select: { id: true, name: true },
    });
    const roleIds = new Map(roles.map((role) => [role.name, role.id]));
    for (const [index, person] of missing.entries()) {
      const roleId = roleIds.get(person.role);
      if (!roleId) throw new Error(`The role ${person.role} is missing: seed the built-in roles first.`);
      const managerId = person.manager === null ? null : ids.get(person.manager);
      if (managerId === undefined) throw new Error(`${person.username}'s manager must come earlier in DEMO_PEOPLE.`);
      const { id } = await createUser(tx, {
        username: person.username,
        email: demoEmail(person.username),
        firstName: person.firstName,
        lastName: person.lastName,
        passwordHash: hashes[index]!,
        state: "active",
        roleIds: [roleId],
        managerId,
        source: "seed",
      });
      ids.set(person.username, id);
    }
  });
  return {
    created: missing.map((person) => person.username),
    existing: DEMO_PEOPLE.filter((person) => !missing.includes(person)).map((person) => person.username),
    roleCreated,
  };
}
