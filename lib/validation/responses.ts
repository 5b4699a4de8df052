import { z } from "zod";

// Response shapes of the Accounts endpoints, for the OpenAPI document (and typed tests).

export const MessageResponseSchema = z.object({ message: z.string() });

export const RoleSummarySchema = z.object({ id: z.string(), name: z.string(), level: z.number().int() });

export const MeResponseSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  roles: z.array(RoleSummarySchema),
  permissions: z.array(z.string()),
  managerId: z.string().nullable(),
});

export const LoginResponseSchema = z.object({ user: MeResponseSchema });

export const SessionsResponseSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string().meta({ format: "date-time" }),
      lastSeenAt: z.string().meta({ format: "date-time" }),
      userAgent: z.string(),
      ip: z.string(),
      current: z.boolean(),
    }),
  ),
});

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});
