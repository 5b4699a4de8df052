import { LoginResponseSchema } from "./responses";
import {
  PasskeyCreatedSchema,
  PasskeyListResponseSchema,
  PasskeySignInSchema,
  PasskeyOptionsResponseSchema,
  PasskeySummarySchema,
  RegisterPasskeySchema,
  RenamePasskeySchema,
} from "./passkeys";
import { authed, body, limited, ok, problem, signedIn, stepUp, type Operation } from "./openapi-parts";

// The passkey endpoints of the OpenAPI document (merged in by ./openapi.ts).

const withBody = { "400": problem("Invalid input"), "413": problem("Body over 16 KiB"), ...limited };
const idParameter = [
  { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The passkey's id" },
];

export const passkeysPaths: Record<string, Record<string, Operation>> = {
  "/api/v1/me/passkeys": {
    get: {
      summary: "The caller's passkeys, oldest first",
      ...authed,
      responses: { "200": ok("Passkeys", PasskeyListResponseSchema), ...signedIn },
    },
    post: {
      summary: "Add a passkey: finish the registration ceremony started with POST /api/v1/me/passkeys/options",
      description:
        "`response` is what navigator.credentials.create() (or @simplewebauthn/browser's startRegistration) " +
        "answered. It must be made for this server's origin and RP ID, with user verification, for the " +
        "challenge of `challengeId`, which works once. Needs a sign-in or re-authentication within the last " +
        "10 minutes. The owner is emailed.",
      ...authed,
      requestBody: body(RegisterPasskeySchema),
      responses: {
        "201": ok("Added", PasskeyCreatedSchema),
        ...withBody,
        "400": problem("Invalid input, or a response that does not verify (errors.response)"),
        ...stepUp,
        "409": problem("The passkey is already registered, or the account holds the most passkeys it may"),
      },
    },
  },
  "/api/v1/me/passkeys/options": {
    post: {
      summary: "Start adding a passkey: the options for navigator.credentials.create()",
      description:
        "A discoverable credential with user verification; the caller's passkeys are excluded. The challenge " +
        "is kept on the server for 5 minutes under `challengeId`. Needs a recent sign-in, like adding it.",
      ...authed,
      responses: {
        "200": ok("The ceremony's options", PasskeyOptionsResponseSchema),
        ...stepUp,
        "409": problem("The account holds the most passkeys it may"),
        ...limited,
      },
    },
  },
  "/api/v1/me/passkeys/{id}": {
    patch: {
      summary: "Rename one of the caller's passkeys",
      ...authed,
      parameters: idParameter,
      requestBody: body(RenamePasskeySchema),
      responses: {
        "200": ok("Renamed", PasskeySummarySchema),
        "404": problem("Not one of the caller's passkeys"),
        ...signedIn,
        ...withBody,
      },
    },
    delete: {
      summary: "Remove one of the caller's passkeys",
      description:
        "Needs a sign-in or re-authentication within the last 10 minutes. The owner is emailed. When it was " +
        "the account's last second factor, its recovery codes are removed too.",
      ...authed,
      parameters: idParameter,
      responses: {
        "204": ok("Removed"),
        "404": problem("Not one of the caller's passkeys"),
        ...stepUp,
        ...limited,
      },
    },
  },
  "/api/v1/auth/passkey/options": {
    post: {
      summary: "Start a sign-in with a passkey alone: the options for navigator.credentials.get()",
      description:
        "No username: the passkey (a discoverable credential) names the account. User verification is " +
        "required, so the passkey stands for both factors. The challenge is kept on the server for 5 minutes " +
        "under `challengeId`.",
      responses: {
        "200": ok("The ceremony's options", PasskeyOptionsResponseSchema),
        "403": problem("Cross-site request"),
        ...limited,
      },
    },
  },
  "/api/v1/auth/passkey/login": {
    post: {
      summary: "Sign in with a passkey alone; sets the session cookie",
      description:
        "`response` is what navigator.credentials.get() (or @simplewebauthn/browser's startAuthentication) " +
        "answered for the options of POST /api/v1/auth/passkey/options; the challenge works once. No second " +
        "step follows. Whatever fails (challenge, passkey, signature, counter, the account) answers the same " +
        "401 invalid_credentials.",
      requestBody: body(PasskeySignInSchema),
      responses: {
        "200": ok("Signed in", LoginResponseSchema),
        "401": problem("invalid_credentials"),
        "403": problem("Cross-site request"),
        ...withBody,
      },
    },
  },
};
