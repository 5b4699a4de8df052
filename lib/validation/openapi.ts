import { z } from "zod";
import {
  ActivateSchema,
  ChangePasswordSchema,
  ForgotPasswordSchema,
  LinkTokenSchema,
  LoginSchema,
  ReauthenticateSchema,
  RegisterSchema,
  ResendActivationSchema,
  ResetPasswordSchema,
  UpdateProfileSchema,
} from "./forms";
import {
  HealthResponseSchema,
  JwksResponseSchema,
  LoginResponseSchema,
  MeResponseSchema,
  MessageResponseSchema,
  OpenApiDocumentSchema,
  ProblemSchema,
  ReadinessResponseSchema,
  SessionsResponseSchema,
} from "./responses";

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;
export type OpenApiPaths = Record<string, Record<string, Operation>>;

const json = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
};

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});
const ok = (description: string, schema?: z.ZodType) => ({
  description,
  ...(schema ? { content: { "application/json": { schema: json(schema, "output") } } } : {}),
});

/** A request body: JSON, and for sensitive endpoints also a compact JWE of the same JSON. */
const body = (schema: z.ZodType, sensitive = false) => ({
  required: true,
  content: {
    "application/json": { schema: json(schema, "input") },
    ...(sensitive
      ? {
          "application/jose": {
            schema: {
              type: "string",
              description: "Compact JWE of the JSON body, encrypted to a key from /.well-known/jwks.json.",
            },
          },
        }
      : {}),
  },
});

const common = { "400": problem("Invalid input"), "413": problem("Body over 16 KiB"), "429": problem("Rate limited") };
const authed = { security: [{ sessionCookie: [] }, { bearer: [] }] };
const authErrors = { "401": problem("Not signed in"), "403": problem("Cross-site request") };

/** The Accounts endpoints, generated from the same zod schemas that validate the requests. */
export const accountsPaths: OpenApiPaths = {
  "/api/v1/auth/register": {
    post: {
      summary: "Register an inactive account",
      requestBody: body(RegisterSchema, true),
      responses: {
        "201": ok("Registered (also for an already-registered email)", MessageResponseSchema),
        "409": problem("Username taken"),
        ...common,
      },
    },
  },
  "/api/v1/auth/activate": {
    post: {
      summary: "Activate an account with the emailed token and the password chosen at registration",
      description:
        "Opening the link never activates by itself: the password proves that whoever registered the address " +
        "also received the email. A wrong password counts as a failed sign-in and leaves the token usable.",
      requestBody: body(ActivateSchema, true),
      responses: {
        "200": ok("Activated", MessageResponseSchema),
        "401": problem("invalid_credentials: not the password chosen at registration"),
        ...common,
      },
    },
  },
  "/api/v1/auth/activation/resend": {
    post: {
      summary: "Send a new activation link",
      requestBody: body(ResendActivationSchema),
      responses: { "202": ok("Accepted, whatever the email", MessageResponseSchema), ...common },
    },
  },
  "/api/v1/auth/login": {
    post: {
      summary: "Sign in with username or email and password; sets the session cookie",
      requestBody: body(LoginSchema, true),
      responses: {
        "200": ok("Signed in", LoginResponseSchema),
        "401": problem("invalid_credentials"),
        "403": problem("account_not_activated or account_disabled (only after the right password)"),
        ...common,
        "429": problem(
          "Rate limited, or too many failed sign-ins for this account (the same answer for unknown identifiers)",
        ),
      },
    },
  },
  "/api/v1/auth/unlock": {
    post: {
      summary: "Unlock an account locked by failed sign-ins, with the token from the emailed link",
      requestBody: body(LinkTokenSchema),
      responses: { "200": ok("Unlocked", MessageResponseSchema), ...common },
    },
  },
  "/api/v1/auth/logout": {
    post: { summary: "Revoke the current session", ...authed, responses: { "204": ok("Signed out"), ...authErrors } },
  },
  "/api/v1/auth/password/forgot": {
    post: {
      summary: "Email a password reset link",
      requestBody: body(ForgotPasswordSchema, true),
      responses: { "202": ok("Accepted, whatever the email", MessageResponseSchema), ...common },
    },
  },
  "/api/v1/auth/password/reset": {
    post: {
      summary: "Set a new password from a reset link",
      requestBody: body(ResetPasswordSchema, true),
      responses: { "200": ok("Password reset", MessageResponseSchema), ...common },
    },
  },
  "/api/v1/auth/password/change": {
    post: {
      summary: "Change the password",
      description:
        "Every session and refresh token of the user ends, this session included; the response sets the cookie " +
        "of a new session for the caller.",
      ...authed,
      requestBody: body(ChangePasswordSchema, true),
      responses: { "200": ok("Password changed", MessageResponseSchema), ...authErrors, ...common },
    },
  },
  "/api/v1/auth/sessions": {
    get: {
      summary: "The caller's live sessions",
      ...authed,
      responses: { "200": ok("Sessions", SessionsResponseSchema), ...authErrors },
    },
    delete: {
      summary: "Revoke every other session of the caller",
      description:
        "Needs a sign-in or re-authentication within the last 10 minutes (POST /api/v1/auth/reauthenticate).",
      ...authed,
      responses: { "204": ok("Revoked"), ...authErrors, "403": problem("reauthentication_required, or cross-site") },
    },
  },
  "/api/v1/auth/sessions/{id}": {
    delete: {
      summary: "Revoke one of the caller's sessions",
      description:
        "Revoking the current session is a logout. Revoking another one needs a sign-in or re-authentication " +
        "within the last 10 minutes.",
      ...authed,
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "204": ok("Revoked"),
        "404": problem("Not one of the caller's sessions"),
        ...authErrors,
        "403": problem("reauthentication_required, or cross-site"),
      },
    },
  },
  "/api/v1/auth/reauthenticate": {
    post: {
      summary: "Confirm the password again (step-up) before a sensitive change",
      description: "The session counts as freshly signed in for 10 minutes.",
      ...authed,
      requestBody: body(ReauthenticateSchema, true),
      responses: {
        "204": ok("Confirmed"),
        ...authErrors,
        "401": problem("Not signed in, or invalid_credentials"),
        ...common,
      },
    },
  },
  "/api/v1/me": {
    get: {
      summary: "The signed-in user",
      ...authed,
      responses: { "200": ok("The user", MeResponseSchema), ...authErrors },
    },
    patch: {
      summary: "Update first and last name",
      ...authed,
      requestBody: body(UpdateProfileSchema),
      responses: { "200": ok("The user", MeResponseSchema), ...authErrors, ...common },
    },
  },
  "/api/v1/openapi.json": {
    get: { summary: "This document (OpenAPI 3.1)", responses: { "200": ok("The document", OpenApiDocumentSchema) } },
  },
  "/.well-known/jwks.json": {
    get: {
      summary: "Public encryption keys for JWE request bodies",
      responses: { "200": ok("JWK set (public keys only)", JwksResponseSchema) },
    },
  },
};

/** The operations endpoints (liveness and readiness), outside the versioned API. */
export const operationsPaths: OpenApiPaths = {
  "/api/health": {
    get: { summary: "Liveness: the process is up", responses: { "200": ok("Up", HealthResponseSchema) } },
  },
  "/api/ready": {
    get: {
      summary: "Readiness: PostgreSQL, Redis and RabbitMQ answer",
      description:
        "Answered from a result at most a second old. `checks` (each service's state) is included only for " +
        "callers on the server's own machine (loopback address) or with `Authorization: Bearer <READINESS_TOKEN>`; " +
        "other callers get `status` alone.",
      responses: {
        "200": ok("Every service answers", ReadinessResponseSchema),
        "503": ok("A service does not answer (named in checks, for callers who may see them)", ReadinessResponseSchema),
      },
    },
  },
};

/** The OpenAPI 3.1 document; other areas pass their own paths to be merged in. */
export function buildOpenApiDocument(...extraPaths: OpenApiPaths[]) {
  return {
    openapi: "3.1.0",
    info: { title: "Authcore API", version: "1" },
    paths: Object.assign({}, accountsPaths, operationsPaths, ...extraPaths) as OpenApiPaths,
    components: {
      schemas: { Problem: json(ProblemSchema, "output") },
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description: "`__Host-authjs.session-token` over https",
        },
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWE" },
      },
    },
  };
}
