import { z } from "./z";
import { AppError } from "../errors";
import { CONTROL_MESSAGE, EmailSchema, NameSchema, noControlChars, PasswordSchema, UsernameSchema } from "./fields";
import { pageOf, PageQuerySchema } from "./paging";
import { ALL_PERMISSIONS } from "./permissions";
import { RoleSummarySchema } from "./responses";

// Users, roles and permissions (api.md, "Users, roles and permissions"): the request schemas the
// route handlers, the admin console's server actions and the OpenAPI document share.

export const ROLE_LEVEL_MIN = 1;
export const ROLE_LEVEL_MAX = 999;
export const ROLE_NAME_MAX = 50;
export const DESCRIPTION_MAX = 500;
const MAX_ROLES_PER_USER = 20;

/** A database id (cuid) as it appears in paths and bodies: anything else can match no row. */
export const IdSchema = z
  .string({ error: "Must be an id." })
  .trim()
  .min(1, "Must be an id.")
  .max(64, "Not a known id.")
  .regex(/^[A-Za-z0-9_-]+$/, "Not a known id.");

const RoleIdsSchema = z
  .array(IdSchema, { error: "Must be a list of role ids." })
  .max(MAX_ROLES_PER_USER, `At most ${MAX_ROLES_PER_USER} roles.`)
  .transform((ids) => [...new Set(ids)]);

/** A manager's id, or null for nobody. */
const ManagerIdSchema = IdSchema.nullable();

export const UserListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100, "Use at most 100 characters.").refine(noControlChars, CONTROL_MESSAGE).optional(),
  roleId: IdSchema.optional(),
});
export type UserListQuery = z.infer<typeof UserListQuerySchema>;

export const CreateUserSchema = z.object({
  username: UsernameSchema,
  email: EmailSchema,
  /** Without one, the user gets an invitation email with a link to choose it. */
  password: PasswordSchema.optional(),
  firstName: NameSchema.optional(),
  lastName: NameSchema.optional(),
  roleIds: RoleIdsSchema.optional(),
  managerId: ManagerIdSchema.optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z.object({
  firstName: NameSchema.optional(),
  lastName: NameSchema.optional(),
  email: EmailSchema.optional(),
  isActive: z.boolean({ error: "Must be true or false." }).optional(),
  roleIds: RoleIdsSchema.optional(),
  managerId: ManagerIdSchema.optional(),
});
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;

const RoleNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(ROLE_NAME_MAX, `Use at most ${ROLE_NAME_MAX} characters.`)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, "Use letters, digits, spaces, '_', '.' and '-'.");

const LevelSchema = z
  .number({ error: "Must be a whole number." })
  .int("Must be a whole number.")
  .min(ROLE_LEVEL_MIN, `Must be at least ${ROLE_LEVEL_MIN}.`)
  .max(ROLE_LEVEL_MAX, `Must be at most ${ROLE_LEVEL_MAX}.`);

const PermissionsSchema = z
  .array(z.enum(ALL_PERMISSIONS, { error: `Known permissions: ${ALL_PERMISSIONS.join(", ")}.` }), {
    error: "Must be a list of permissions.",
  })
  .max(ALL_PERMISSIONS.length * 2, "Too many permissions.")
  .transform((permissions) => [...new Set(permissions)].sort());

/** Free text over several lines: no other control characters (NUL included). */
const DescriptionSchema = z
  .string({ error: "Must be text." })
  .trim()
  .max(DESCRIPTION_MAX, `Use at most ${DESCRIPTION_MAX} characters.`)
  .refine((value) => noControlChars(value.replace(/[\n\t]/g, " ")), CONTROL_MESSAGE);

export const CreateRoleSchema = z.object({
  name: RoleNameSchema,
  level: LevelSchema,
  permissions: PermissionsSchema,
  description: DescriptionSchema.optional(),
});
export type CreateRoleInput = z.infer<typeof CreateRoleSchema>;

export const UpdateRoleSchema = z.object({
  name: RoleNameSchema.optional(),
  level: LevelSchema.optional(),
  permissions: PermissionsSchema.optional(),
  description: DescriptionSchema.optional(),
});
export type UpdateRoleInput = z.infer<typeof UpdateRoleSchema>;

/** A user record as Admins, the user themselves and their managers see it. */
export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  isActive: z.boolean(),
  roles: z.array(RoleSummarySchema),
  managerId: z.string().nullable(),
  createdAt: z.string().meta({ format: "date-time" }),
  photoUrl: z
    .string()
    .nullable()
    .meta({ description: "The profile photo (a 256×256 WebP on this origin), or null when there is none." }),
});
export type UserRecord = z.infer<typeof UserSchema>;

/** What everyone else with `users:read` sees of a user. */
export const LimitedUserSchema = UserSchema.pick({
  id: true,
  username: true,
  firstName: true,
  lastName: true,
  roles: true,
  photoUrl: true,
});
export type LimitedUserRecord = z.infer<typeof LimitedUserSchema>;

export const UserResponseSchema = z.union([UserSchema, LimitedUserSchema]);
export const UserListResponseSchema = pageOf(UserResponseSchema);

export const RoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: z.number().int(),
  permissions: z.array(z.string()),
  description: z.string(),
  builtIn: z.boolean(),
  userCount: z.number().int(),
});
export type RoleRecord = z.infer<typeof RoleSchema>;
export const RoleListResponseSchema = z.object({ items: z.array(RoleSchema) });

/** An id from a URL path: one that cannot be an id names nothing (404), like an unknown one. */
export function pathId(value: string): string {
  const result = IdSchema.safeParse(value);
  if (!result.success) throw new AppError("not_found", "Not found.");
  return result.data;
}
