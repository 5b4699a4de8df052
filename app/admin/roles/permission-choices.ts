import type { Access } from "@/lib/authz";
import { ALL_PERMISSIONS } from "@/lib/validation/permissions";
import type { Choice } from "../choice-fields";

/** What each permission lets its holders do, in the words the role forms use. */
const MEANINGS: Record<(typeof ALL_PERMISSIONS)[number], string> = {
  "users:read": "see users",
  "users:create": "create users",
  "users:update": "change users",
  "users:delete": "delete users",
  "roles:read": "see roles",
  "roles:manage": "create, change and delete roles",
  "audit:read": "read the audit trail",
  "security:manage": "set the second-factor policy (Admins only)",
};

/**
 * Every permission as a checkbox: "users:read (see users)". Nobody hands on a permission they do
 * not hold, so those are disabled, as is everything on a role the viewer may not edit.
 */
export function permissionChoices(actor: Access, editable = true): Choice[] {
  return ALL_PERMISSIONS.map((permission) => ({
    value: permission,
    label: `${permission} (${MEANINGS[permission]})`,
    disabled: !editable || !actor.permissions.has(permission),
  }));
}
