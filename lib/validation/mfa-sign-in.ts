import { z } from "./z";
import { AddAccountSchema, PasswordInputSchema, TokenSchema } from "./fields";
import { RecoveryCodeSchema, TotpCodeSchema } from "./mfa";
import { PasskeyLoginSchema } from "./passkeys";
import { MeResponseSchema } from "./responses";
import { ROLE_LEVEL_MAX, ROLE_LEVEL_MIN } from "./users";

// The second step of a sign-in (a code, a recovery code or a passkey after the password or
// Google), the token endpoint's second-factor grant, step-up with a second factor, and the
// instance's second-factor policy.

/** The token of a sign-in waiting for its second factor (`mfaToken`, `mfa_token`). */
export const MfaTokenSchema = TokenSchema;

const FACTOR_KEYS = ["code", "recoveryCode", "passkey"] as const;

/** Exactly one of the factor fields: more than one is refused rather than one of them picked. */
function oneFactor(keys: readonly string[], missing: { path: string; message: string }) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const given = keys.filter((key) => value[key] !== undefined);
    if (given.length === 0) ctx.addIssue({ code: "custom", path: [missing.path], message: missing.message });
    if (given.length > 1)
      ctx.addIssue({ code: "custom", path: [given[1]!], message: `Send only one of ${keys.join(", ")}.` });
  };
}

/** `POST /api/v1/auth/login/verify`: the sign-in's token and exactly one second factor. */
export const MfaVerifySchema = z
  .object({
    mfaToken: MfaTokenSchema,
    code: TotpCodeSchema.optional(),
    recoveryCode: RecoveryCodeSchema.optional(),
    passkey: PasskeyLoginSchema.optional(),
    addAccount: AddAccountSchema,
  })
  .superRefine(oneFactor(FACTOR_KEYS, { path: "code", message: "Enter the code from your authenticator app." }))
  .meta({ description: "The `mfaToken` of the `mfa_required` answer and exactly one of code, recoveryCode, passkey." });
export type MfaVerifyInput = z.infer<typeof MfaVerifySchema>;

/** `POST /api/v1/auth/login/verify/passkey-options`. */
export const MfaPasskeyOptionsSchema = z.object({ mfaToken: MfaTokenSchema });

/** The second factor a step has, from a validated body: what lib/auth/mfa/second-factor.ts checks. */
export type SecondFactorProof =
  | { code: string }
  | { recoveryCode: string }
  | { passkey: { challengeId: string; response: z.infer<typeof PasskeyLoginSchema>["response"] } };

/** The one factor of a body validated by a schema that allows exactly one. */
export function secondFactorProof(input: {
  code?: string;
  recoveryCode?: string;
  passkey?: { challengeId: string; response: z.infer<typeof PasskeyLoginSchema>["response"] };
}): SecondFactorProof {
  if (input.code !== undefined) return { code: input.code };
  if (input.recoveryCode !== undefined) return { recoveryCode: input.recoveryCode };
  if (input.passkey !== undefined) return { passkey: input.passkey };
  throw new Error("no second factor in a validated body");
}

export const MFA_GRANT_TYPE = "urn:authcore:mfa";

/** `POST /api/v1/auth/token` with `grant_type=urn:authcore:mfa`: the password grant's `mfa_token` and one factor. */
export const MfaGrantSchema = z
  .object({
    grant_type: z.literal(MFA_GRANT_TYPE),
    mfa_token: MfaTokenSchema,
    code: TotpCodeSchema.optional(),
    recovery_code: RecoveryCodeSchema.optional(),
  })
  .superRefine(oneFactor(["code", "recovery_code"], { path: "code", message: "The code parameter is missing." }));

/**
 * Re-authentication (step-up): the password, or a fresh second factor (a code or a recovery
 * code), so an account without a password that has a factor can step up too.
 */
export const StepUpProofSchema = z
  .object({
    password: PasswordInputSchema.optional(),
    code: TotpCodeSchema.optional(),
    recoveryCode: RecoveryCodeSchema.optional(),
  })
  .superRefine(oneFactor(["password", "code", "recoveryCode"], { path: "password", message: "Enter your password." }))
  .meta({ description: "Exactly one of password, code (authenticator app) or recoveryCode." });
export type StepUpProof = z.infer<typeof StepUpProofSchema>;

// Responses.

export const SECOND_STEP_METHODS = ["totp", "recovery_code", "passkey"] as const;

/** The 403 `mfa_required` problem's extension members. */
export const MfaRequiredProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.literal(403),
  detail: z.string(),
  code: z.literal("mfa_required"),
  mfaToken: z.string().meta({ description: "Send it to /api/v1/auth/login/verify within 5 minutes; single use." }),
  methods: z.array(z.enum(SECOND_STEP_METHODS)),
});

export const MfaVerifyResponseSchema = z.object({ user: MeResponseSchema });

// The instance's second-factor policy.

/**
 * `PUT /api/v1/security/mfa-policy`: roles at this level or above (a lower number) must use a
 * second factor; null is nobody.
 */
export const MfaPolicySchema = z.object({
  mfaRequiredLevel: z
    .number({ error: "Must be a whole number, or null for nobody." })
    .int("Must be a whole number.")
    .min(ROLE_LEVEL_MIN, `Must be at least ${ROLE_LEVEL_MIN}.`)
    .max(ROLE_LEVEL_MAX, `Must be at most ${ROLE_LEVEL_MAX}.`)
    .nullable(),
});
export type MfaPolicyInput = z.infer<typeof MfaPolicySchema>;

export const MfaPolicyResponseSchema = z.object({
  mfaRequiredLevel: z.number().int().nullable(),
  isDefault: z.boolean().meta({
    description: "Nothing was set: the default (Admins, level 1) applies, once any active Admin has a second factor.",
  }),
  enforced: z.boolean().meta({ description: "Whether the requirement applies to anyone right now." }),
});
export type MfaPolicyResponse = z.infer<typeof MfaPolicyResponseSchema>;
