import type { z } from "zod";
import {
  ConfirmTotpResponseSchema,
  ConfirmTotpSchema,
  MfaOverviewResponseSchema,
  RecoveryCodesResponseSchema,
  TotpEnrolmentResponseSchema,
} from "./mfa";
import { authed, body, limited, ok, problem, signedIn, stepUp, type Operation } from "./openapi-parts";

// The authenticator app and recovery code endpoints of the OpenAPI document (merged in by ./openapi.ts).

/** A code is a credential: the body may also come as a compact JWE, as on the other sensitive endpoints. */
const sensitiveBody = (schema: z.ZodType) => body(schema, true);

const STEP_UP_RULE =
  "Needs a sign-in or re-authentication within the last 10 minutes (POST /api/v1/auth/reauthenticate).";

export const mfaPaths: Record<string, Record<string, Operation>> = {
  "/api/v1/me/mfa": {
    get: {
      summary: "The caller's second factors: the authenticator app, passkeys and recovery codes left",
      ...authed,
      responses: { "200": ok("The second factors", MfaOverviewResponseSchema), ...signedIn },
    },
  },
  "/api/v1/me/mfa/totp": {
    post: {
      summary: "Start setting up an authenticator app (TOTP): the secret, its otpauth URL and a QR code",
      description:
        "The app must then show a code for POST /api/v1/me/mfa/totp/confirm within an hour; until then the " +
        "setup is pending and starting again replaces it. SHA-1, 6 digits, 30-second steps. " +
        STEP_UP_RULE,
      ...authed,
      responses: {
        "200": ok("The pending setup", TotpEnrolmentResponseSchema),
        ...stepUp,
        "409": problem("An authenticator app is already set up: remove it first"),
        ...limited,
      },
    },
    delete: {
      summary: "Remove the authenticator app, or cancel a pending setup",
      description:
        "The owner is emailed. When it was the account's last second factor, its recovery codes are removed " +
        "too. " +
        STEP_UP_RULE,
      ...authed,
      responses: {
        "204": ok("Removed"),
        "404": problem("No authenticator app is set up"),
        ...stepUp,
        ...limited,
      },
    },
  },
  "/api/v1/me/mfa/totp/confirm": {
    post: {
      summary: "Finish setting up the authenticator app with a code it shows",
      description:
        "From now on signing in asks for a code from the app. An account without unused recovery codes gets " +
        "ten, in this answer only; `recoveryCodes` is null when it keeps the ones it has. The owner is emailed. " +
        STEP_UP_RULE,
      ...authed,
      requestBody: sensitiveBody(ConfirmTotpSchema),
      responses: {
        "200": ok("Set up", ConfirmTotpResponseSchema),
        "400": problem("Invalid input, or a code that is not the app's current one (errors.code)"),
        ...stepUp,
        "409": problem("No pending setup (or it expired: start again), or an app is already set up"),
        "413": problem("Body over 16 KiB"),
        ...limited,
      },
    },
  },
  "/api/v1/me/mfa/recovery-codes": {
    post: {
      summary: "Generate new recovery codes; the old ones stop working",
      description:
        "Ten single-use codes, in this answer only. Only for an account with a second factor (an authenticator " +
        "app or a passkey). The owner is emailed. " +
        STEP_UP_RULE,
      ...authed,
      responses: {
        "200": ok("The new codes", RecoveryCodesResponseSchema),
        ...stepUp,
        "409": problem("The account has no second factor"),
        ...limited,
      },
    },
  },
};
