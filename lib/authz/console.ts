import { can, type Actor } from "./policy";

export type ConsoleSection = "users" | "roles" | "audit" | "security";

/** The admin console's sections in the order they are listed, each with the action that opens it. */
const SECTIONS = [
  ["users", "users:list"],
  ["roles", "roles:read"],
  ["audit", "audit:read"],
  ["security", "security:manage"],
] as const;

/**
 * The sections of the admin console this actor may open (users:read → Users, roles:read → Roles,
 * audit:read → Audit, security:manage and Admin → Security), for the site header and the
 * console's own navigation. Showing a link protects nothing: every page and action asks the
 * policy again.
 */
export function consoleSections(actor: Actor): ConsoleSection[] {
  return SECTIONS.filter(([, action]) => can(actor, { action })).map(([section]) => section);
}
