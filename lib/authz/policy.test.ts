import { describe, expect, it } from "vitest";
import { BUILT_IN_ROLES } from "./builtin-roles";
import { can, decide, visibility, type Actor, type PolicyRequest, type Relation } from "./policy";
import { effectiveAccess } from "./role-cache";

// The policy as a table: every role × action × how the target relates to the actor × level case,
// with the answer written out by hand (not recomputed), so a change to a rule shows up here.

const role = (name: string) => {
  const found = BUILT_IN_ROLES.find((r) => r.name === name);
  if (!found) throw new Error(name);
  return { id: name, name, level: found.level, permissions: [...found.permissions] };
};
const AUDITOR = { id: "auditor", name: "Auditor", level: 50, permissions: ["users:read", "audit:read"] };
const ROLE_KEEPER = { id: "keeper", name: "Role keeper", level: 10, permissions: ["roles:read", "roles:manage"] };

function actor(...roles: { id: string; name: string; level: number; permissions: string[] }[]): Actor {
  const { permissions, level } = effectiveAccess(roles);
  return { id: "actor", level, permissions: new Set(permissions), isAdmin: roles.some((r) => r.name === "Admin") };
}

const ACTORS = {
  Admin: actor(role("Admin")),
  Manager: actor(role("Manager")),
  Auditor: actor(AUDITOR),
  Employee: actor(role("Employee")),
};

// How each kind of target relates to the actor (lib/authz/chain.ts decides it from the data).
const RELATIONS: Record<string, Relation> = {
  self: "self",
  "direct report": "report",
  "transitive report": "report",
  peer: "other",
  superior: "other",
  unrelated: "other",
};
const COLUMNS = Object.keys(RELATIONS);

type Outcome = "ok" | "403" | "400 cannot_delete_self";
const outcome = (request: PolicyRequest, who: Actor): Outcome => {
  const decision = decide(who, request);
  if (decision.allowed) return "ok";
  return decision.code === "forbidden" ? "403" : (`400 ${decision.code}` as Outcome);
};

const USER_ACTIONS: Record<string, (relation: Relation) => PolicyRequest> = {
  read: (relation) => ({ action: "users:read", relation }),
  "edit names": (relation) => ({ action: "users:update", relation, profile: true }),
  disable: (relation) => ({ action: "users:update", relation, isActive: false }),
  "grant Employee (999)": (relation) => ({ action: "users:update", relation, roles: { added: [999], removed: [] } }),
  "grant Auditor (50)": (relation) => ({ action: "users:update", relation, roles: { added: [50], removed: [] } }),
  "grant Manager (2)": (relation) => ({ action: "users:update", relation, roles: { added: [2], removed: [] } }),
  "remove Manager (2)": (relation) => ({ action: "users:update", relation, roles: { added: [], removed: [2] } }),
  delete: (relation) => ({ action: "users:delete", relation }),
};

// Columns: self, direct report, transitive report, peer, superior, unrelated.
const ALL = (o: Outcome): Outcome[] => [o, o, o, o, o, o];
const CHAIN: Outcome[] = ["403", "ok", "ok", "403", "403", "403"];
const EXPECTED: Record<keyof typeof ACTORS, Record<keyof typeof USER_ACTIONS, Outcome[]>> = {
  Admin: {
    read: ALL("ok"),
    "edit names": ALL("ok"),
    disable: ALL("ok"),
    "grant Employee (999)": ["403", "ok", "ok", "ok", "ok", "ok"],
    "grant Auditor (50)": ["403", "ok", "ok", "ok", "ok", "ok"],
    "grant Manager (2)": ["403", "ok", "ok", "ok", "ok", "ok"],
    "remove Manager (2)": ["403", "ok", "ok", "ok", "ok", "ok"],
    delete: ["400 cannot_delete_self", "ok", "ok", "ok", "ok", "ok"],
  },
  Manager: {
    read: ALL("ok"),
    "edit names": CHAIN,
    disable: CHAIN,
    "grant Employee (999)": CHAIN,
    "grant Auditor (50)": CHAIN,
    "grant Manager (2)": ALL("403"),
    "remove Manager (2)": ALL("403"),
    delete: ["400 cannot_delete_self", "ok", "ok", "403", "403", "403"],
  },
  Auditor: {
    read: ALL("ok"),
    "edit names": ALL("403"),
    disable: ALL("403"),
    "grant Employee (999)": ALL("403"),
    "grant Auditor (50)": ALL("403"),
    "grant Manager (2)": ALL("403"),
    "remove Manager (2)": ALL("403"),
    delete: ALL("403"),
  },
  Employee: {
    read: ALL("403"),
    "edit names": ALL("403"),
    disable: ALL("403"),
    "grant Employee (999)": ALL("403"),
    "grant Auditor (50)": ALL("403"),
    "grant Manager (2)": ALL("403"),
    "remove Manager (2)": ALL("403"),
    delete: ALL("403"),
  },
};

describe("the policy on users: role × action × relation", () => {
  for (const [actorName, who] of Object.entries(ACTORS)) {
    for (const [actionName, build] of Object.entries(USER_ACTIONS)) {
      it(`${actorName}: ${actionName}`, () => {
        const got = COLUMNS.map((column) => outcome(build(RELATIONS[column]!), who));
        expect(Object.fromEntries(COLUMNS.map((c, i) => [c, got[i]]))).toEqual(
          Object.fromEntries(COLUMNS.map((c, i) => [c, EXPECTED[actorName as keyof typeof ACTORS][actionName]![i]])),
        );
      });
    }
  }

  it("a user with several roles has their union of permissions and the lowest level", () => {
    const both = actor(AUDITOR, role("Manager"));
    expect(both.level).toBe(2);
    expect(can(both, { action: "audit:read" })).toBe(true);
    expect(can(both, { action: "users:update", relation: "report", profile: true })).toBe(true);
    expect(can(both, { action: "users:update", relation: "report", roles: { added: [2], removed: [] } })).toBe(false);
    expect(can(both, { action: "users:update", relation: "report", roles: { added: [50], removed: [] } })).toBe(true);
  });

  it("a role change needs every added and every removed role strictly below the actor", () => {
    const manager = ACTORS.Manager;
    const change = (added: number[], removed: number[]) =>
      can(manager, { action: "users:update", relation: "report", roles: { added, removed } });
    expect(change([3, 999], [])).toBe(true);
    expect(change([3], [1])).toBe(false);
    expect(change([], [2])).toBe(false);
    expect(change([], [])).toBe(true);
  });

  it("nobody changes their own roles, Admins included, even to drop one", () => {
    const denial = decide(ACTORS.Admin, {
      action: "users:update",
      relation: "self",
      roles: { added: [], removed: [999] },
    });
    expect(denial).toEqual({ allowed: false, code: "forbidden", reason: "Nobody changes their own roles." });
    // Naming the same set again changes nothing and is not a change of roles.
    expect(can(ACTORS.Admin, { action: "users:update", relation: "self", roles: { added: [], removed: [] } })).toBe(
      true,
    );
  });

  it("a non-Admin names only themselves or someone below them as a manager; an Admin anyone, or nobody", () => {
    for (const [manager, expected] of [
      ["self", true],
      ["report", true],
      ["other", false],
      ["none", false],
    ] as const) {
      expect(can(ACTORS.Manager, { action: "users:update", relation: "report", manager }), manager).toBe(expected);
      expect(can(ACTORS.Manager, { action: "users:create", roleLevels: [999], manager }), manager).toBe(expected);
      expect(can(ACTORS.Admin, { action: "users:create", roleLevels: [999], manager })).toBe(true);
    }
  });

  it("a manager that would close a loop is 400 manager_cycle, after the chain and level rules", () => {
    expect(
      decide(ACTORS.Admin, { action: "users:update", relation: "other", manager: "other", createsCycle: true }),
    ).toMatchObject({
      allowed: false,
      code: "manager_cycle",
    });
    expect(
      decide(ACTORS.Manager, { action: "users:update", relation: "other", manager: "report", createsCycle: true }),
    ).toMatchObject({
      code: "forbidden",
    });
  });

  it("leaving no active Admin is 409 last_admin, whoever asks and whatever the change", () => {
    expect(
      decide(ACTORS.Admin, { action: "users:update", relation: "self", isActive: false, leavesNoAdmin: true }),
    ).toMatchObject({
      code: "last_admin",
    });
    expect(decide(ACTORS.Admin, { action: "users:delete", relation: "other", leavesNoAdmin: true })).toMatchObject({
      code: "last_admin",
    });
    // Deleting oneself is refused first, as itself.
    expect(decide(ACTORS.Admin, { action: "users:delete", relation: "self", leavesNoAdmin: true })).toMatchObject({
      code: "cannot_delete_self",
    });
  });

  it("creating a user needs every role strictly below the actor", () => {
    expect(can(ACTORS.Manager, { action: "users:create", roleLevels: [999, 50], manager: "self" })).toBe(true);
    expect(can(ACTORS.Manager, { action: "users:create", roleLevels: [2], manager: "self" })).toBe(false);
    expect(can(ACTORS.Admin, { action: "users:create", roleLevels: [1], manager: "self" })).toBe(false);
    expect(can(ACTORS.Admin, { action: "users:create", roleLevels: [2], manager: "none" })).toBe(true);
    expect(can(ACTORS.Auditor, { action: "users:create", roleLevels: [999], manager: "self" })).toBe(false);
  });
});

describe("the policy on roles: role × action × level", () => {
  const keeper = actor(ROLE_KEEPER);
  const builtIn = (level: number) => ({ level, builtIn: true });
  const custom = (level: number) => ({ level, builtIn: false });

  it.each([
    // [actor, level asked for, allowed]
    ["Admin", 1, false],
    ["Admin", 2, true],
    ["Role keeper (10)", 10, false],
    ["Role keeper (10)", 9, false],
    ["Role keeper (10)", 11, true],
    ["Manager (no roles:manage)", 50, false],
  ] as const)("%s creates a role at level %i: %s", (name, level, allowed) => {
    const who = name === "Admin" ? ACTORS.Admin : name.startsWith("Role keeper") ? keeper : ACTORS.Manager;
    expect(can(who, { action: "roles:create", level })).toBe(allowed);
  });

  it("edits only roles strictly below their level, and only to levels below it", () => {
    expect(can(keeper, { action: "roles:update", role: custom(50) })).toBe(true);
    expect(can(keeper, { action: "roles:update", role: custom(50), level: 11 })).toBe(true);
    expect(can(keeper, { action: "roles:update", role: custom(50), level: 10 })).toBe(false);
    expect(can(keeper, { action: "roles:update", role: custom(10) })).toBe(false);
    expect(can(keeper, { action: "roles:update", role: builtIn(2) })).toBe(false);
    expect(can(ACTORS.Admin, { action: "roles:update", role: builtIn(1) })).toBe(false);
    expect(can(ACTORS.Manager, { action: "roles:update", role: custom(50) })).toBe(false);
  });

  it("built-in roles keep their name and level (409 built_in_role), their permissions may change", () => {
    expect(decide(ACTORS.Admin, { action: "roles:update", role: builtIn(2), renames: true })).toMatchObject({
      code: "built_in_role",
    });
    expect(decide(ACTORS.Admin, { action: "roles:update", role: builtIn(2), level: 3 })).toMatchObject({
      code: "built_in_role",
    });
    expect(can(ACTORS.Admin, { action: "roles:update", role: builtIn(2), level: 2 })).toBe(true);
    expect(can(ACTORS.Admin, { action: "roles:update", role: builtIn(999) })).toBe(true);
  });

  it("deletes only unused custom roles below their level: 409 built_in_role, 409 role_in_use", () => {
    expect(can(ACTORS.Admin, { action: "roles:delete", role: custom(50), userCount: 0 })).toBe(true);
    expect(decide(ACTORS.Admin, { action: "roles:delete", role: builtIn(999), userCount: 0 })).toMatchObject({
      code: "built_in_role",
    });
    expect(decide(ACTORS.Admin, { action: "roles:delete", role: custom(50), userCount: 3 })).toMatchObject({
      code: "role_in_use",
    });
    expect(decide(keeper, { action: "roles:delete", role: custom(5), userCount: 0 })).toMatchObject({
      code: "forbidden",
    });
  });

  it("reading roles and the audit trail need their own permissions", () => {
    expect(can(ACTORS.Manager, { action: "roles:read" })).toBe(true);
    expect(can(ACTORS.Employee, { action: "roles:read" })).toBe(false);
    expect(can(ACTORS.Auditor, { action: "audit:read" })).toBe(true);
    expect(can(ACTORS.Manager, { action: "audit:read" })).toBe(false);
    expect(can(ACTORS.Admin, { action: "audit:read" })).toBe(true);
  });

  it("a denial says which permission is missing", () => {
    expect(decide(ACTORS.Employee, { action: "users:list" })).toEqual({
      allowed: false,
      code: "forbidden",
      reason: "Missing permission users:read.",
    });
  });
});

describe("field visibility", () => {
  it("Admins see everyone whole; others see themselves and their reports whole, anyone else limited", () => {
    for (const relation of ["self", "report", "other"] as const)
      expect(visibility(ACTORS.Admin, relation)).toBe("full");
    expect(visibility(ACTORS.Manager, "self")).toBe("full");
    expect(visibility(ACTORS.Manager, "report")).toBe("full");
    expect(visibility(ACTORS.Manager, "other")).toBe("limited");
    expect(visibility(ACTORS.Auditor, "other")).toBe("limited");
  });
});

describe("a report at or above the manager's level is not theirs to change", () => {
  it("a Manager cannot edit, disable or delete an Admin or a fellow Manager placed below them; an Admin can", () => {
    for (const targetLevel of [1, 2]) {
      expect(can(ACTORS.Manager, { action: "users:update", relation: "report", targetLevel, profile: true })).toBe(
        false,
      );
      expect(can(ACTORS.Manager, { action: "users:update", relation: "report", targetLevel, isActive: false })).toBe(
        false,
      );
      expect(can(ACTORS.Manager, { action: "users:delete", relation: "report", targetLevel })).toBe(false);
      expect(can(ACTORS.Admin, { action: "users:update", relation: "report", targetLevel, profile: true })).toBe(true);
    }
    expect(can(ACTORS.Manager, { action: "users:update", relation: "report", targetLevel: 3, profile: true })).toBe(
      true,
    );
    expect(can(ACTORS.Manager, { action: "users:delete", relation: "report", targetLevel: 999 })).toBe(true);
  });
});

describe("nobody hands on permissions they do not hold", () => {
  it("granting a role, creating one or editing one carries only the actor's own permissions", () => {
    const manager = ACTORS.Manager;
    const grant = (grants: string[]) =>
      decide(manager, { action: "users:update", relation: "report", roles: { added: [50], removed: [], grants } });
    expect(grant(["users:read"])).toEqual({ allowed: true });
    expect(grant(["audit:read"])).toMatchObject({
      code: "forbidden",
      reason: "You cannot give permissions you do not hold.",
    });
    expect(can(manager, { action: "users:create", roleLevels: [50], manager: "self", grants: ["roles:manage"] })).toBe(
      false,
    );
    expect(can(manager, { action: "users:create", roleLevels: [50], manager: "self", grants: ["users:create"] })).toBe(
      true,
    );

    const keeper = actor(ROLE_KEEPER);
    expect(can(keeper, { action: "roles:create", level: 20, permissions: ["roles:read"] })).toBe(true);
    expect(can(keeper, { action: "roles:create", level: 20, permissions: ["users:delete"] })).toBe(false);
    const role = { level: 20, builtIn: false };
    expect(can(keeper, { action: "roles:update", role, permissions: ["audit:read"] })).toBe(false);
    expect(can(keeper, { action: "roles:update", role, permissions: [] })).toBe(true);
    expect(can(ACTORS.Admin, { action: "roles:create", level: 2, permissions: ["audit:read", "roles:manage"] })).toBe(
      true,
    );
  });
});
