import { ALL_PERMISSIONS, type Action, type Permission, type Resource } from "../validation/permissions";

export { ACTIONS, ALL_PERMISSIONS, RESOURCES } from "../validation/permissions";
export type { Action, Permission, Resource } from "../validation/permissions";

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}

export function parsePermission(value: string): { resource: Resource; action: Action } | null {
  if (!isPermission(value)) return null;
  const [resource, action] = value.split(":") as [Resource, Action];
  return { resource, action };
}
