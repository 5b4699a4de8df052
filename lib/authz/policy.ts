import type { ErrorCode } from "../errors";
import type { Permission } from "./permissions";

/**
 * Who may do what to whom: one pure function over facts the caller gathered (the actor's access,
 * how the target relates to them in the management chain, the levels involved). Route handlers,
 * server actions and pages all ask it, so the UI never shows what the server would refuse.
 * docs/decisions/060-users-roles-policy.md explains the model.
 */

/** The acting user's effective access: permissions are the union over their roles, level the lowest. */
export type Actor = {
  id: string;
  level: number;
  permissions: ReadonlySet<string>;
  /** Holds the built-in Admin role: bypasses the management-chain rule (never the level rule). */
  isAdmin: boolean;
};

/**
 * How a user relates to the actor: themselves, below them in the management chain (a direct or
 * transitive report), or anyone else (peer, superior, unrelated).
 */
export type Relation = "self" | "report" | "other";

/** A role as far as the rules care. */
export type RoleFacts = { level: number; builtIn: boolean };

export type UserUpdate = {
  /** Profile fields (names, email) or the active flag change. */
  profile?: boolean;
  isActive?: boolean;
  /** Levels of the roles the change adds and of those it removes, and the permissions the added ones carry. */
  roles?: { added: readonly number[]; removed: readonly number[]; grants?: readonly string[] };
  /** How the proposed new manager relates to the actor; `none` clears the manager. */
  manager?: Relation | "none";
  /** The proposed manager is the target or one of the target's reports. */
  createsCycle?: boolean;
  /** The change would leave no active Admin. */
  leavesNoAdmin?: boolean;
};

export type PolicyRequest =
  | { action: "users:list" }
  | { action: "users:read"; relation: Relation }
  | {
      action: "users:create";
      roleLevels: readonly number[];
      manager: Relation | "none";
      /** The permissions the new user's roles carry. */
      grants?: readonly string[];
    }
  | ({ action: "users:update"; relation: Relation; targetLevel?: number } & UserUpdate)
  | { action: "users:delete"; relation: Relation; targetLevel?: number; leavesNoAdmin?: boolean }
  | { action: "roles:read" }
  | { action: "roles:create"; level: number; permissions?: readonly string[] }
  | { action: "roles:update"; role: RoleFacts; level?: number; renames?: boolean; permissions?: readonly string[] }
  | { action: "roles:delete"; role: RoleFacts; userCount: number }
  | { action: "audit:read" }
  | { action: "security:manage" };

export type Denial = { allowed: false; code: ErrorCode; reason: string };
export type Decision = { allowed: true } | Denial;

const ALLOW: Decision = { allowed: true };
const deny = (code: ErrorCode, reason: string): Denial => ({ allowed: false, code, reason });

/** The permission each action needs before any other rule is looked at. */
const REQUIRED: Record<PolicyRequest["action"], Permission> = {
  "users:list": "users:read",
  "users:read": "users:read",
  "users:create": "users:create",
  "users:update": "users:update",
  "users:delete": "users:delete",
  "roles:read": "roles:read",
  "roles:create": "roles:manage",
  "roles:update": "roles:manage",
  "roles:delete": "roles:manage",
  "audit:read": "audit:read",
  "security:manage": "security:manage",
};

export function requiredPermission(action: PolicyRequest["action"]): Permission {
  return REQUIRED[action];
}

/** A role may be granted, taken away, created or managed only strictly below the actor's level. */
const belowActor = (actor: Actor, level: number) => level > actor.level;

/**
 * Nobody hands on what they do not hold: the permissions a role gives (when it is granted, created
 * or edited) must be the actor's own. Otherwise a manager could create a helper account with a
 * role carrying, say, `audit:read`, and use it.
 */
const holdsAll = (actor: Actor, permissions: readonly string[] | undefined) =>
  (permissions ?? []).every((permission) => actor.permissions.has(permission));
const NOT_YOURS = "You cannot give permissions you do not hold.";

/** The chain rule: the target is below the actor, or the actor is an Admin. */
function mayActOn(actor: Actor, relation: Relation, targetLevel = Number.POSITIVE_INFINITY): boolean {
  if (actor.isAdmin) return true;
  // A report who holds a role at or above the manager's own level (an Admin placed under a
  // manager) is not theirs to change: otherwise a manager could set an Admin's email to their
  // own and take the account over with a reset link.
  return relation === "report" && targetLevel > actor.level;
}

/** Who a non-Admin may name as a manager: themselves or someone below them. */
function mayNameManager(actor: Actor, manager: Relation | "none"): boolean {
  if (actor.isAdmin) return true;
  return manager === "self" || manager === "report";
}

function decideUserUpdate(actor: Actor, request: Extract<PolicyRequest, { action: "users:update" }>): Decision {
  if (!mayActOn(actor, request.relation, request.targetLevel)) {
    return deny("forbidden", "The user is not below you in the management chain.");
  }
  if (request.roles) {
    const { added, removed } = request.roles;
    if (request.relation === "self" && (added.length > 0 || removed.length > 0)) {
      return deny("forbidden", "Nobody changes their own roles.");
    }
    if (![...added, ...removed].every((level) => belowActor(actor, level))) {
      return deny("forbidden", "Roles can only be granted or removed below your own level.");
    }
    if (!holdsAll(actor, request.roles.grants)) return deny("forbidden", NOT_YOURS);
  }
  if (request.manager !== undefined) {
    if (!mayNameManager(actor, request.manager)) {
      return deny("forbidden", "The new manager must be you or someone below you.");
    }
    if (request.createsCycle) return deny("manager_cycle", "That manager would make a management loop.");
  }
  if (request.leavesNoAdmin) return deny("last_admin", "The system must keep at least one active Admin.");
  return ALLOW;
}

function decideRoleChange(actor: Actor, request: Extract<PolicyRequest, { action: "roles:update" | "roles:delete" }>) {
  if (!belowActor(actor, request.role.level)) {
    return deny("forbidden", "Roles at or above your own level are not yours to manage.");
  }
  if (request.action === "roles:update") {
    if (request.level !== undefined && !belowActor(actor, request.level)) {
      return deny("forbidden", "A role can only be moved to a level below your own.");
    }
    if (!holdsAll(actor, request.permissions)) return deny("forbidden", NOT_YOURS);
    if (
      request.role.builtIn &&
      (request.renames || (request.level !== undefined && request.level !== request.role.level))
    ) {
      return deny("built_in_role", "Built-in roles keep their name and level.");
    }
    return ALLOW;
  }
  if (request.role.builtIn) return deny("built_in_role", "Built-in roles cannot be deleted.");
  if (request.userCount > 0) return deny("role_in_use", "Users still hold this role.");
  return ALLOW;
}

/** Decides one (actor, action, target) with a reason; denials carry the error code to answer with. */
export function decide(actor: Actor, request: PolicyRequest): Decision {
  const permission = REQUIRED[request.action];
  if (!actor.permissions.has(permission)) return deny("forbidden", `Missing permission ${permission}.`);
  switch (request.action) {
    case "users:list":
    case "users:read":
    case "roles:read":
    case "audit:read":
      return ALLOW;
    case "users:create":
      if (!request.roleLevels.every((level) => belowActor(actor, level))) {
        return deny("forbidden", "Roles can only be granted below your own level.");
      }
      if (!holdsAll(actor, request.grants)) return deny("forbidden", NOT_YOURS);
      if (!mayNameManager(actor, request.manager)) {
        return deny("forbidden", "The manager must be you or someone below you.");
      }
      return ALLOW;
    case "users:update":
      return decideUserUpdate(actor, request);
    case "users:delete":
      if (request.relation === "self") return deny("cannot_delete_self", "You cannot delete your own account here.");
      if (!mayActOn(actor, request.relation, request.targetLevel)) {
        return deny("forbidden", "The user is not below you in the management chain.");
      }
      if (request.leavesNoAdmin) return deny("last_admin", "The system must keep at least one active Admin.");
      return ALLOW;
    case "roles:create":
      if (!belowActor(actor, request.level))
        return deny("forbidden", "Roles can only be created below your own level.");
      return holdsAll(actor, request.permissions) ? ALLOW : deny("forbidden", NOT_YOURS);
    case "roles:update":
    case "roles:delete":
      return decideRoleChange(actor, request);
    case "security:manage":
      // Who must use a second factor covers the Admins themselves: a role below them never decides it.
      return actor.isAdmin ? ALLOW : deny("forbidden", "Only Admins change the instance's security settings.");
  }
}

/** Whether the actor may do it (for pages and navigation that only show what would be allowed). */
export function can(actor: Actor, request: PolicyRequest): boolean {
  return decide(actor, request).allowed;
}

/**
 * What of a user record the actor sees: their own record, Admins, and a manager looking at
 * their reports see it whole; anyone else only `{id, username, firstName, lastName, roles}`.
 */
export function visibility(actor: Actor, relation: Relation): "full" | "limited" {
  return actor.isAdmin || relation !== "other" ? "full" : "limited";
}
