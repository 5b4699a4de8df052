import { z } from "./z";
import type {
  AuthenticationExtensionsClientOutputs,
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { AddAccountSchema, CONTROL_MESSAGE, codePointLength, noControlChars } from "./fields";

// Passkeys (WebAuthn): what a browser sends back from navigator.credentials.create()/get(), in
// the JSON form of @simplewebauthn/browser. The shapes are checked loosely (the library verifies
// the cryptography) but every string is bounded and base64url, so nothing hostile reaches it.

export const PASSKEY_NAME_MAX = 64;

/** A passkey's label, chosen by its owner: 1–64 code points, trimmed, no control characters. */
export const PasskeyNameSchema = z
  .string({ error: "Enter a name for the passkey." })
  // Reject absurd input before normalising it (NFC can expand a string).
  .max(PASSKEY_NAME_MAX * 4, `Use at most ${PASSKEY_NAME_MAX} characters.`)
  .transform((value) => value.normalize("NFC").trim())
  .refine((value) => value.length > 0, "Enter a name for the passkey.")
  .refine(noControlChars, CONTROL_MESSAGE)
  .refine((value) => codePointLength(value) <= PASSKEY_NAME_MAX, `Use at most ${PASSKEY_NAME_MAX} characters.`);

const base64url = (max: number) =>
  z
    .string({ error: "Must be base64url." })
    .min(1, "Must be base64url.")
    .max(max, "Too long.")
    .regex(/^[A-Za-z0-9_-]+$/, "Must be base64url.");

/** The server-side challenge's id (lib/auth/mfa/webauthn-challenges.ts): 32 base64url characters. */
export const ChallengeIdSchema = z
  .string({ error: "The challenge is missing." })
  .min(16, "The challenge is not valid.")
  .max(128, "The challenge is not valid.")
  .regex(/^[A-Za-z0-9_-]+$/, "The challenge is not valid.");

// Credential ids are at most 1023 bytes (WebAuthn §5.8.3): 1364 base64url characters.
const CredentialIdSchema = base64url(1_364);
const CLIENT_DATA_MAX = 4_096;
// Attestation objects with a certificate chain run to a few kilobytes; "none" is a few hundred bytes.
const ATTESTATION_MAX = 12_000;
const AUTHENTICATOR_DATA_MAX = 4_096;

const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;
const isTransport = (value: string): value is AuthenticatorTransportFuture =>
  (TRANSPORTS as readonly string[]).includes(value);

/** Transports a browser reports; ones this server does not know (newer browsers) are dropped, not refused. */
const TransportsSchema = z
  .array(z.string().max(32), { error: "Must be a list of transports." })
  .max(10, "Too many transports.")
  .transform((values) => [...new Set(values.filter(isTransport))]);

// Typed as the library's interface, so a parsed response and a RegistrationResponseJSON or
// AuthenticationResponseJSON are the same type both ways.
const ClientExtensionResultsSchema = z
  .record(z.string().max(64), z.unknown(), { error: "Must be an object." })
  .refine((value) => Object.keys(value).length <= 16, "Too many extension results.")
  .default({})
  .transform((value) => value as AuthenticationExtensionsClientOutputs);

const credentialFields = {
  id: CredentialIdSchema,
  rawId: CredentialIdSchema,
  type: z.literal("public-key", { error: 'Must be "public-key".' }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional().catch(undefined),
  clientExtensionResults: ClientExtensionResultsSchema,
};

/** What navigator.credentials.create() answered, as JSON (RegistrationResponseJSON). */
export const RegistrationResponseSchema = z.object({
  ...credentialFields,
  response: z.object(
    {
      clientDataJSON: base64url(CLIENT_DATA_MAX),
      attestationObject: base64url(ATTESTATION_MAX),
      authenticatorData: base64url(AUTHENTICATOR_DATA_MAX).optional(),
      transports: TransportsSchema.optional(),
      publicKeyAlgorithm: z.number().int().optional(),
      publicKey: base64url(2_048).optional(),
    },
    { error: "Must be the authenticator's response." },
  ),
}) satisfies z.ZodType<RegistrationResponseJSON, unknown>;

/** What navigator.credentials.get() answered, as JSON (AuthenticationResponseJSON). */
export const AuthenticationResponseSchema = z.object({
  ...credentialFields,
  response: z.object(
    {
      clientDataJSON: base64url(CLIENT_DATA_MAX),
      authenticatorData: base64url(AUTHENTICATOR_DATA_MAX),
      // An RSA-4096 signature is 512 bytes; ECDSA and EdDSA ones are far shorter.
      signature: base64url(1_024),
      // At most 64 bytes (WebAuthn §5.4.3).
      userHandle: base64url(128).optional(),
    },
    { error: "Must be the authenticator's response." },
  ),
}) satisfies z.ZodType<AuthenticationResponseJSON, unknown>;

/** POST /api/v1/me/passkeys: the finished registration ceremony and the passkey's name. */
export const RegisterPasskeySchema = z.object({
  challengeId: ChallengeIdSchema,
  response: RegistrationResponseSchema,
  name: PasskeyNameSchema,
});
export type RegisterPasskeyInput = z.infer<typeof RegisterPasskeySchema>;

/** PATCH /api/v1/me/passkeys/{id}. */
export const RenamePasskeySchema = z.object({ name: PasskeyNameSchema });

/** POST /api/v1/auth/passkey/login: the finished authentication ceremony. */
export const PasskeyLoginSchema = z.object({
  challengeId: ChallengeIdSchema,
  response: AuthenticationResponseSchema,
});
export type PasskeyLoginInput = z.infer<typeof PasskeyLoginSchema>;

/** POST /api/v1/auth/passkey/login: the ceremony, and whether the sign-in adds an account to the browser. */
export const PasskeySignInSchema = PasskeyLoginSchema.extend({ addAccount: AddAccountSchema });

// Responses.

export const PasskeySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string().meta({ format: "date-time" }),
  lastUsedAt: z.string().meta({ format: "date-time" }).nullable(),
  /** Whether the passkey may be synced between devices ("multiDevice") or lives on one ("singleDevice"). */
  deviceType: z.enum(["singleDevice", "multiDevice"]),
  backedUp: z.boolean(),
});
export type PasskeySummary = z.infer<typeof PasskeySummarySchema>;

/** What POST /api/v1/me/passkeys answers: the new passkey. */
export const PasskeyCreatedSchema = PasskeySummarySchema.pick({ id: true, name: true, createdAt: true }).extend({
  /** The account's first recovery codes when this passkey is its first second factor (shown once), else null. */
  recoveryCodes: z.array(z.string()).nullable(),
});

export const PasskeyListResponseSchema = z.object({ items: z.array(PasskeySummarySchema) });

/** A ceremony's options for @simplewebauthn/browser, and the id to send back with its answer. */
export const PasskeyOptionsResponseSchema = z.object({
  options: z.looseObject({ challenge: z.string() }).meta({
    description:
      "PublicKeyCredentialCreationOptionsJSON (registration) or PublicKeyCredentialRequestOptionsJSON " +
      "(sign-in), for navigator.credentials or @simplewebauthn/browser.",
  }),
  challengeId: z.string().meta({ description: "Send it back with the response; single use, valid 5 minutes." }),
});
