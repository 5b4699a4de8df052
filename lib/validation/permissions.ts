/** The permission vocabulary: `resource:action` strings (lib/authz/permissions.ts builds on it). */
export const RESOURCES = ["users", "roles", "audit", "security"] as const;
export const ACTIONS = ["read", "create", "update", "delete", "manage"] as const;

export type Resource = (typeof RESOURCES)[number];
export type Action = (typeof ACTIONS)[number];
export type Permission = `${Resource}:${Action}`;

export const ALL_PERMISSIONS = [
  "users:read",
  "users:create",
  "users:update",
  "users:delete",
  "roles:read",
  "roles:manage",
  "audit:read",
  "security:manage",
] as const satisfies readonly Permission[];
