/** The permission vocabulary: `resource:action` strings. */
export const RESOURCES = ["users", "roles"] as const;
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
] as const satisfies readonly Permission[];

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}

export function parsePermission(value: string): { resource: Resource; action: Action } | null {
  if (!isPermission(value)) return null;
  const [resource, action] = value.split(":") as [Resource, Action];
  return { resource, action };
}
