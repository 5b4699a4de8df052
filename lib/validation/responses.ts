import { z } from "./z";

// Response shapes: the OpenAPI document publishes them, and the domain's return types are
// inferred from them, so a shape is written once.

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
  photoUrl: z
    .string()
    .nullable()
    .meta({ description: "The profile photo (a 256×256 WebP on this origin), or null when there is none." }),
});

export const LoginResponseSchema = z.object({ user: MeResponseSchema });

export type Me = z.infer<typeof MeResponseSchema>;

export const SessionSummarySchema = z.object({
  id: z.string(),
  /** A browser's session cookie, or a third-party client's token family. */
  kind: z.enum(["browser", "api"]),
  createdAt: z.string().meta({ format: "date-time" }),
  lastSeenAt: z.string().meta({ format: "date-time" }),
  userAgent: z.string(),
  ip: z.string(),
  current: z.boolean(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

/** What the token endpoint answers (RFC 6749 section 5.1). */
export const TokenResponseSchema = z.object({
  access_token: z.string().meta({ description: "A compact JWE (five dot-separated parts), valid 15 minutes." }),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int().meta({ description: "Seconds until the access token expires." }),
  refresh_token: z.string().meta({ description: "Opaque, single use, 15 days: every refresh answers with a new one." }),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** The error shape of the token and revocation endpoints (RFC 6749 section 5.2), instead of problem JSON. */
export const OAuthErrorSchema = z.object({
  error: z.enum([
    "invalid_request",
    "invalid_grant",
    "unsupported_grant_type",
    "slow_down",
    "temporarily_unavailable",
    "server_error",
    "mfa_required",
    "mfa_enrollment_required",
  ]),
  error_description: z.string(),
  mfa_token: z
    .string()
    .optional()
    .meta({ description: "With mfa_required: send it with grant_type=urn:authcore:mfa within 5 minutes; single use." }),
});
export type OAuthError = z.infer<typeof OAuthErrorSchema>;

export const SessionsResponseSchema = z.object({ items: z.array(SessionSummarySchema) });

/** The public half of an encryption key, as /.well-known/jwks.json publishes it. */
export const PublicJwkSchema = z.looseObject({ kty: z.string(), kid: z.string(), use: z.literal("enc") });
export const JwksResponseSchema = z.object({ keys: z.array(PublicJwkSchema) });

export const HealthResponseSchema = z.object({ status: z.literal("ok") });

export const CheckStatusSchema = z.enum(["ok", "error"]);
export const ReadinessChecksSchema = z.object({
  db: CheckStatusSchema,
  redis: CheckStatusSchema,
  rabbitmq: CheckStatusSchema,
});
export type ReadinessChecks = z.infer<typeof ReadinessChecksSchema>;
/** `checks` only for local callers and READINESS_TOKEN holders (lib/health/access.ts); others get the status. */
export const ReadinessResponseSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  checks: ReadinessChecksSchema.optional(),
});

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});

/** The OpenAPI document itself (GET /api/v1/openapi.json). */
export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.looseObject({ responses: z.record(z.string(), z.unknown()) }))),
  components: z.looseObject({}),
});
