import type { z } from "zod";
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
  RevokeTokenSchema,
  TokenRequestSchema,
  UpdateProfileSchema,
} from "./forms";
import {
  HealthResponseSchema,
  JwksResponseSchema,
  LoginResponseSchema,
  MeResponseSchema,
  MessageResponseSchema,
  OAuthErrorSchema,
  OpenApiDocumentSchema,
  ProblemSchema,
  ReadinessResponseSchema,
  SessionsResponseSchema,
  TokenResponseSchema,
} from "./responses";
import { ActivityPageSchema, AuditPageSchema } from "./audit";
import { ALL_PERMISSIONS } from "./permissions";
import { authed, body, json, ok, problem, type OpenApiPaths } from "./openapi-parts";

export type { OpenApiPaths };
import { passkeysPaths } from "./openapi-passkeys";
import { photosPaths } from "./openapi-photos";
import { mfaPaths } from "./openapi-mfa";
import { activeUserParameter, withBrowserAccounts } from "./openapi-browser-accounts";
import { withMfaSignIn } from "./openapi-mfa-sign-in";
import { OPENAPI_TAGS, withTags } from "./openapi-tags";
import {
  DATABASE_UNAVAILABLE_DESCRIPTION,
  EDGE_METHODS_DESCRIPTION,
  METHOD_NOT_ALLOWED,
  SERVICE_UNAVAILABLE,
  withEdgeRefusals,
} from "./openapi-edge";
import {
  CreateRoleSchema,
  CreateUserSchema,
  RoleListResponseSchema,
  RoleSchema,
  UpdateRoleSchema,
  UpdateUserSchema,
  UserListResponseSchema,
  UserResponseSchema,
  UserSchema,
} from "./users";

const oauthBody = (schema: z.ZodType) => {
  const { content } = body(schema, true);
  return { required: true, content: { "application/x-www-form-urlencoded": content["application/json"], ...content } };
};
const oauthError = (description: string) => ({
  description,
  headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } } },
  content: { "application/json": { schema: json(OAuthErrorSchema, "output") } },
});

const common = { "400": problem("Invalid input"), "413": problem("Body over 16 KiB"), "429": problem("Rate limited") };
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
    post: {
      summary: "Revoke the current session",
      description:
        "With the session cookie: ends that session and clears the cookie. With a Bearer token: ends its whole " +
        "token family (every access and refresh token of that sign-in).",
      ...authed,
      responses: { "204": ok("Signed out"), ...authErrors },
    },
  },
  "/api/v1/auth/token": {
    post: {
      summary: "Get tokens for a third-party client (OAuth 2.0 token endpoint)",
      description:
        "`grant_type=password` with `identifier` (username or email) and `password` signs in (the brute-force and " +
        "enumeration rules of login apply) and starts a token family; `grant_type=refresh_token` with " +
        "`refresh_token` rotates within it. The access token is a compact JWE valid 15 minutes; send it as " +
        "`Authorization: Bearer`. The refresh token is single use and valid 15 days: every refresh answers a new " +
        "one, and presenting a used one again revokes the whole family (reuse detection), so refresh one at a " +
        "time. Errors use the OAuth 2.0 shape, not problem JSON.",
      requestBody: oauthBody(TokenRequestSchema),
      responses: {
        "200": {
          ...ok("Tokens", TokenResponseSchema),
          headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } } },
        },
        "400": oauthError(
          "invalid_grant (wrong credentials, an account that is not activated or disabled, an invalid, expired, " +
            "used or revoked refresh token), unsupported_grant_type, or invalid_request (missing or malformed " +
            "parameters, a body that is not JSON, form or a JWE to our keys)",
        ),
        "413": oauthError("invalid_request: body over 16 KiB"),
        "415": oauthError("invalid_request: the body is not JSON, form or a JWE"),
        "429": {
          description:
            "slow_down: too many failed sign-ins for this account (the same answer for unknown identifiers), " +
            "or the rate limit (problem JSON)",
          content: {
            "application/json": { schema: json(OAuthErrorSchema, "output") },
            "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
          },
        },
      },
    },
  },
  "/api/v1/auth/revoke": {
    post: {
      summary: "Revoke a refresh or access token and its whole family (RFC 7009)",
      description: "Always 200, whether the token was valid or not.",
      requestBody: oauthBody(RevokeTokenSchema),
      responses: {
        "200": ok("Revoked (or nothing to revoke)"),
        "400": oauthError("invalid_request: the token parameter is missing or the body is malformed"),
        "413": oauthError("invalid_request: body over 16 KiB"),
        "415": oauthError("invalid_request: the body is not JSON, form or a JWE"),
        "429": problem("Rate limited"),
      },
    },
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
        "Every session and token family of the user ends, the caller's included. A browser caller gets the cookie " +
        "of a new session in the response; a Bearer caller gets new tokens with the new password.",
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
  ...photosPaths,
  "/api/v1/openapi.json": {
    get: { summary: "This document (OpenAPI 3.1)", responses: { "200": ok("The document", OpenApiDocumentSchema) } },
  },
  "/.well-known/jwks.json": {
    get: {
      summary: "Public encryption keys for JWE request bodies (access tokens are encrypted to them too)",
      responses: { "200": ok("JWK set (public keys only)", JwksResponseSchema) },
    },
  },
};

const idParameter = (what: string) => [
  { name: "id", in: "path", required: true, schema: { type: "string" }, description: `The ${what}'s id` },
];
const queryParameter = (name: string, description: string, schema: Record<string, unknown> = { type: "string" }) => ({
  name,
  in: "query",
  required: false,
  schema,
  description,
});
const pageParameters = [
  queryParameter("page", "Page number, from 1", { type: "integer", minimum: 1, default: 1 }),
  queryParameter("pageSize", "Items per page (at most 50)", { type: "integer", minimum: 1, maximum: 50, default: 20 }),
];
const denied = {
  "403": problem(
    "Missing permission, the target is not below the caller in the management chain, a role at or above the caller's level, or cross-site",
  ),
};

/** Users, roles and permissions: who may see and change whom (docs/decisions/060-users-roles-policy.md). */
export const usersPaths: OpenApiPaths = {
  "/api/v1/users": {
    get: {
      summary: "List users (needs users:read)",
      description:
        "The caller first, then by username. Admins, the caller themselves and the caller's reports (direct or " +
        "transitive) are shown whole; anyone else only as `{id, username, firstName, lastName, roles}`. `q` " +
        "matches username and names, and email for Admins only.",
      ...authed,
      parameters: [
        ...pageParameters,
        queryParameter("q", "Search text (at most 100 characters)"),
        queryParameter("roleId", "Only users holding this role"),
      ],
      responses: { "200": ok("A page of users", UserListResponseSchema), ...authErrors, ...denied, ...common },
    },
    post: {
      summary: "Create a user (needs users:create)",
      description:
        "Every role must be strictly below the caller's level (default: the default role). `managerId` defaults to " +
        "the caller; a non-Admin may only name themselves or someone below them. Created users are active; " +
        "without `password` the user is emailed an invitation link to choose one (valid 7 days).",
      ...authed,
      requestBody: body(CreateUserSchema, true),
      responses: {
        "201": ok("Created", UserSchema),
        "409": problem("Username or email taken (errors.username / errors.email)"),
        ...authErrors,
        ...denied,
        ...common,
      },
    },
  },
  "/api/v1/users/{id}": {
    get: {
      summary: "One user (needs users:read)",
      ...authed,
      parameters: idParameter("user"),
      responses: {
        "200": ok("The user, whole or limited as in the list", UserResponseSchema),
        "404": problem("No such user"),
        ...authErrors,
        ...denied,
      },
    },
    patch: {
      summary: "Change a user (needs users:update and the target below the caller, or an Admin caller)",
      description:
        "`roleIds` replaces the set: each role added or removed must be strictly below the caller's level, and " +
        "nobody changes their own roles. `isActive: false` disables the account and revokes all its sessions and " +
        "tokens at once. A `managerId` that would make a loop: 400 `manager_cycle`. Leaving no active Admin: " +
        "409 `last_admin`.",
      ...authed,
      parameters: idParameter("user"),
      requestBody: body(UpdateUserSchema),
      responses: {
        "200": ok("The changed user", UserResponseSchema),
        "400": problem("Invalid input, or manager_cycle"),
        "404": problem("No such user"),
        "409": problem("last_admin, or the email is taken"),
        ...authErrors,
        ...denied,
        "413": common["413"],
        "429": common["429"],
      },
    },
    delete: {
      summary: "Delete a user (needs users:delete and the target below the caller, or an Admin caller)",
      description:
        "The user's reports move up to the deleted user's manager; every session and token the user held stops " +
        "working at once. Deleting yourself: 400 `cannot_delete_self`.",
      ...authed,
      parameters: idParameter("user"),
      responses: {
        "204": ok("Deleted"),
        "400": problem("cannot_delete_self"),
        "404": problem("No such user"),
        "409": problem("last_admin"),
        ...authErrors,
        ...denied,
        "429": common["429"],
      },
    },
  },
  "/api/v1/roles": {
    get: {
      summary: "List roles (needs roles:read), from most to least authority",
      ...authed,
      responses: { "200": ok("Roles", RoleListResponseSchema), ...authErrors, ...denied },
    },
    post: {
      summary: "Create a role (needs roles:manage) below the caller's level",
      description: `Permissions are from: ${ALL_PERMISSIONS.join(", ")}. Levels: a lower number is more authority (Admin = 1).`,
      ...authed,
      requestBody: body(CreateRoleSchema),
      responses: {
        "201": ok("Created", RoleSchema),
        "409": problem("A role with that name exists"),
        ...authErrors,
        ...denied,
        ...common,
      },
    },
  },
  "/api/v1/roles/{id}": {
    patch: {
      summary: "Change a role (needs roles:manage; only roles below the caller's level, and only to levels below it)",
      description: "Built-in roles keep their name and level (409 `built_in_role`); their permissions may change.",
      ...authed,
      parameters: idParameter("role"),
      requestBody: body(UpdateRoleSchema),
      responses: {
        "200": ok("The changed role", RoleSchema),
        "404": problem("No such role"),
        "409": problem("built_in_role, or a role with that name exists"),
        ...authErrors,
        ...denied,
        ...common,
      },
    },
    delete: {
      summary: "Delete a role (needs roles:manage and the same level rule)",
      ...authed,
      parameters: idParameter("role"),
      responses: {
        "204": ok("Deleted"),
        "404": problem("No such role"),
        "409": problem("built_in_role, or role_in_use (users still hold it)"),
        ...authErrors,
        ...denied,
        "429": common["429"],
      },
    },
  },
  "/api/v1/audit": {
    get: {
      summary: "The audit trail, newest first (needs audit:read)",
      description:
        "Every event carries its place in the tamper-evident hash chain: `hash` is hex SHA-256 of `prevHash` " +
        "followed by the event's canonical JSON (RFC 8785); `npm run audit:verify` checks the whole chain. " +
        "`userId` and `type` filter exactly.",
      ...authed,
      parameters: [
        ...pageParameters,
        queryParameter("userId", "Only events about this user"),
        queryParameter("type", 'Only events of this type, e.g. "login.failed"'),
      ],
      responses: {
        "200": ok("A page of events", AuditPageSchema),
        ...authErrors,
        "403": problem("Missing permission audit:read, or cross-site"),
        "400": problem("Invalid input"),
      },
    },
  },
  "/api/v1/me/activity": {
    get: {
      summary: "The caller's own security events, newest first",
      description:
        "Sign-ins (and failed attempts), password, email and username changes, revocations, locks, role and " +
        "account-state changes. When someone else (an administrator) acted, `byOther` is true and their address " +
        "and browser are left out.",
      ...authed,
      parameters: pageParameters,
      responses: { "200": ok("A page of events", ActivityPageSchema), ...authErrors, "400": problem("Invalid input") },
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
    info: {
      title: "Authcore API",
      version: "1",
      description: `${EDGE_METHODS_DESCRIPTION}\n\n${DATABASE_UNAVAILABLE_DESCRIPTION}`,
    },
    tags: OPENAPI_TAGS,
    paths: withTags(
      withEdgeRefusals(
        withBrowserAccounts(
          withMfaSignIn(
            Object.assign({}, accountsPaths, usersPaths, operationsPaths, passkeysPaths, mfaPaths, ...extraPaths),
          ),
        ),
      ),
    ),
    components: {
      schemas: { Problem: json(ProblemSchema, "output") },
      responses: { MethodNotAllowed: METHOD_NOT_ALLOWED, ServiceUnavailable: SERVICE_UNAVAILABLE },
      parameters: { ActiveUser: activeUserParameter },
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description: "`__Host-authjs.session-token` over https",
        },
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWE",
          description: "An access token from POST /api/v1/auth/token (never the session cookie's value).",
        },
      },
    },
  };
}
