import {
  MfaPasskeyOptionsSchema,
  MfaPolicyResponseSchema,
  MfaPolicySchema,
  MfaRequiredProblemSchema,
  MfaVerifyResponseSchema,
  MfaVerifySchema,
} from "./mfa-sign-in";
import { amendOperation, authed, body, json, ok, problem, type OpenApiPaths as Paths } from "./openapi-parts";
import { PasskeyOptionsResponseSchema } from "./passkeys";

// The second step of a sign-in, the token endpoint's second-factor grant, step-up with a code,
// the second-factor policy and an administrator's reset, in the OpenAPI document (./openapi.ts
// passes its paths through withMfaSignIn).

const common = { "400": problem("Invalid input"), "413": problem("Body over 16 KiB"), "429": problem("Rate limited") };
const ENROLMENT =
  "An account the second-factor policy covers that has no factor yet gets 403 `mfa_enrollment_required` here " +
  "until it sets one up.";

const SECOND_STEP =
  "Exactly one of `code` (6 digits from the authenticator app), `recoveryCode` (single use) or `passkey` " +
  "(`challengeId` from /api/v1/auth/login/verify/passkey-options and the authenticator's response). Guesses " +
  "count against the account's sign-in budget, together with wrong passwords: after " +
  "ACCOUNT_LOCKOUT_THRESHOLD failures the account locks for new browsers (429) and its owner is emailed an " +
  "unlock link. A wrong factor (401) leaves the `mfaToken` usable until it expires (5 minutes).";

const newPaths: Paths = {
  "/api/v1/auth/login/verify": {
    post: {
      summary: "Finish a sign-in with its second factor; sets the session cookie",
      description: `The \`mfaToken\` of the 403 \`mfa_required\` answer of /api/v1/auth/login. ${SECOND_STEP}`,
      requestBody: body(MfaVerifySchema, true),
      responses: {
        "200": ok("Signed in", MfaVerifyResponseSchema),
        "400": problem("invalid_token (the mfaToken is unknown, expired or used: sign in again), or invalid input"),
        "401": problem("invalid_credentials: the code, recovery code or passkey is not right"),
        "403": problem("account_disabled (meanwhile), or cross-site"),
        "413": common["413"],
        "429": problem("Rate limited, or too many failed sign-ins for this account"),
      },
    },
  },
  "/api/v1/auth/login/verify/passkey-options": {
    post: {
      summary: "Passkey options for the second step of a sign-in",
      description:
        "Options for navigator.credentials.get() (or @simplewebauthn/browser) limited to the account's passkeys, " +
        "and the `challengeId` to send back in `passkey`. The mfaToken stays usable.",
      requestBody: body(MfaPasskeyOptionsSchema),
      responses: {
        "200": ok("The ceremony's options", PasskeyOptionsResponseSchema),
        "400": problem("invalid_token (unknown, expired or used mfaToken), or invalid input"),
        "403": problem("Cross-site request"),
        "413": common["413"],
        "429": common["429"],
      },
    },
  },
  "/api/v1/security/mfa-policy": {
    get: {
      summary: "Which roles must use a second factor (Admins only: security:manage)",
      description:
        "Roles at `mfaRequiredLevel` or above (a lower or equal level number) must use a second factor; null is " +
        "nobody. Until it is set the default is level 1 (Admins), applied once any active Admin has a factor. " +
        "Covered accounts without a factor still sign in, but only reach their own account (to set one up); the " +
        "permission-checked API answers them 403 `mfa_enrollment_required` and the token endpoint gives them no " +
        "tokens.",
      ...authed,
      responses: {
        "200": ok("The policy", MfaPolicyResponseSchema),
        "401": problem("Not signed in"),
        "403": problem("Not an Admin with security:manage, mfa_enrollment_required, or cross-site"),
      },
    },
    put: {
      summary: "Set which roles must use a second factor (Admins only)",
      description: "Applies on the next request on every instance; audited `security.policy_changed`.",
      ...authed,
      requestBody: body(MfaPolicySchema),
      responses: {
        "200": ok("The policy now", MfaPolicyResponseSchema),
        "401": problem("Not signed in"),
        "403": problem("Not an Admin with security:manage, mfa_enrollment_required, or cross-site"),
        "409": problem("conflict: the level covers the caller's own role and the caller has no second factor yet"),
        ...common,
      },
    },
  },
  "/api/v1/users/{id}/mfa": {
    delete: {
      summary: "Reset a user's second factors (needs users:update over them)",
      description:
        "Removes the user's authenticator app, passkeys and recovery codes, revokes every session and token " +
        "family, emails the owner and audits `mfa.reset_by_admin`. The same rule as changing the user (below the " +
        "caller in the management chain and their level, or the caller an Admin); never one's own factors.",
      ...authed,
      parameters: [
        { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The user's id" },
      ],
      responses: {
        "204": ok("Reset"),
        "401": problem("Not signed in"),
        "403": problem("Missing permission, not below the caller, one's own account, or cross-site"),
        "404": problem("No such user"),
      },
    },
  },
};

/** The document's paths with the second-factor operations added and the sign-in operations amended. */
export function withMfaSignIn(paths: Paths): Paths {
  let amended: Paths = { ...paths, ...newPaths };
  amended = amendOperation(amended, "/api/v1/auth/login", "post", {
    description: () =>
      "An account with a second factor gets no session from its password: 403 `mfa_required` with `mfaToken` " +
      "and the `methods` it offers; finish at /api/v1/auth/login/verify. " +
      ENROLMENT.replace("here", "on the permission-checked API"),
    responses: {
      "403": {
        description:
          "account_not_activated or account_disabled (only after the right password), or mfa_required (a second " +
          "factor follows)",
        content: {
          "application/problem+json": {
            schema: { anyOf: [{ $ref: "#/components/schemas/Problem" }, json(MfaRequiredProblemSchema, "output")] },
          },
        },
      },
    },
  });
  amended = amendOperation(amended, "/api/v1/auth/token", "post", {
    description: (before) => {
      const text = typeof before === "string" ? before : "";
      const added =
        'An account with a second factor gets `400 {error: "mfa_required", mfa_token}` for its password; ' +
        "`grant_type=urn:authcore:mfa` with that `mfa_token` (5 minutes, single use, only from this endpoint) and " +
        "`code` or `recovery_code` then answers the tokens (a wrong code: `invalid_grant`, the mfa_token stays " +
        "usable until it expires; guesses spend the account's sign-in budget). An account the second-factor policy " +
        "covers that has no factor yet gets `400 mfa_enrollment_required`.";
      const at = text.indexOf("Errors use the OAuth");
      return at < 0 ? `${text} ${added}`.trim() : `${text.slice(0, at)}${added} ${text.slice(at)}`;
    },
    responses: {},
  });
  amended = amendOperation(amended, "/api/v1/auth/reauthenticate", "post", {
    description: () =>
      "The session counts as freshly signed in for 10 minutes. Send exactly one of `password`, `code` (from the " +
      "authenticator app) or `recoveryCode` (used up), so an account without a password that has a second factor " +
      "can confirm too. Wrong ones spend the account's sign-in budget.",
    responses: {},
  });
  return amended;
}
