import { ALL_PERMISSIONS, type Permission } from "./permissions";

export type BuiltInRole = { name: string; level: number; permissions: readonly Permission[]; description: string };

export const ADMIN_ROLE = "Admin";
export const MANAGER_ROLE = "Manager";
export const DEFAULT_ROLE = "Employee";

/** Lower level = more authority. New users get DEFAULT_ROLE. */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { name: ADMIN_ROLE, level: 1, permissions: ALL_PERMISSIONS, description: "Full control of users and roles." },
  {
    name: MANAGER_ROLE,
    level: 2,
    permissions: ["users:read", "users:create", "users:update", "users:delete", "roles:read"],
    description: "Manages the users below them in the management chain.",
  },
  { name: DEFAULT_ROLE, level: 999, permissions: [], description: "Default role of new users." },
];
