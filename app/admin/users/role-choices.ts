import { can, type Access, type Relation } from "@/lib/authz";
import type { RoleRecord } from "@/lib/validation";
import type { Choice } from "../choice-fields";

const label = (role: RoleRecord) => `${role.name} (level ${role.level})`;

/** The roles a new account may be given by the viewer, as the policy decides it (level and permissions). */
export function grantableRoles(actor: Access, roles: readonly RoleRecord[]): Choice[] {
  return roles
    .filter((role) =>
      can(actor, { action: "users:create", roleLevels: [role.level], grants: role.permissions, manager: "self" }),
    )
    .map((role) => ({ value: role.id, label: label(role) }));
}

/**
 * Every role as a checkbox for a user's roles form: a held role is enabled when the viewer may take
 * it away, any other when they may grant it. The rest are shown disabled, for reference.
 */
export function roleChoicesFor(
  actor: Access,
  relation: Relation,
  roles: readonly RoleRecord[],
  held: ReadonlySet<string>,
): Choice[] {
  return roles.map((role) => {
    const change = held.has(role.id)
      ? { added: [], removed: [role.level] }
      : { added: [role.level], removed: [], grants: role.permissions };
    return {
      value: role.id,
      label: label(role),
      disabled: !can(actor, { action: "users:update", relation, roles: change }),
    };
  });
}
