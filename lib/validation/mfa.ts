import { z } from "./z";

// The authenticator app (TOTP) and recovery codes: what a person types, and what the API answers
// (GET /api/v1/me/mfa, the setup and the new codes).

/**
 * A 6-digit code from an authenticator app. Spaces are removed (apps show "123 456" and people
 * type it so); anything but six ASCII digits is refused before it reaches the check.
 */
export const TotpCodeSchema = z
  .string({ error: "Enter the 6-digit code from your authenticator app." })
  // Reject absurd input before removing spaces.
  .max(32, "Enter the 6-digit code from your authenticator app.")
  .transform((value) => value.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^[0-9]{6}$/, "Enter the 6-digit code from your authenticator app."));

/**
 * A recovery code as typed: `xxxxx-xxxxx` in any case, with or without spaces and dashes. Only
 * its shape is checked here; lib/auth/mfa/recovery-codes.ts normalises and compares it.
 */
export const RecoveryCodeSchema = z
  .string({ error: "Enter one of your recovery codes." })
  .trim()
  .min(1, "Enter one of your recovery codes.")
  .max(64, "That is not a recovery code.")
  .regex(/^[A-Za-z0-9 -]+$/, "That is not a recovery code.");

/** POST /api/v1/me/mfa/totp/confirm and the setup page's form. */
export const ConfirmTotpSchema = z.object({ code: TotpCodeSchema });
export type ConfirmTotpInput = z.infer<typeof ConfirmTotpSchema>;

/** GET /api/v1/me/mfa. */
export const MfaOverviewResponseSchema = z.object({
  totp: z.object({
    enabled: z.boolean().meta({ description: "An authenticator app is set up and confirmed." }),
    pending: z.boolean().meta({ description: "A setup waits for its first code (for an hour after it starts)." }),
  }),
  passkeys: z.number().int().min(0),
  recoveryCodesLeft: z.number().int().min(0),
});
export type MfaOverviewResponse = z.infer<typeof MfaOverviewResponseSchema>;

/** POST /api/v1/me/mfa/totp: what an authenticator app needs, shown while the setup waits for a code. */
export const TotpEnrolmentResponseSchema = z.object({
  secret: z.string().meta({ description: "The base32 secret, for typing into an app that cannot scan." }),
  otpauthUrl: z.string().meta({ description: "otpauth://totp/… (SHA-1, 6 digits, 30 seconds)." }),
  qrCode: z.string().meta({ description: "The otpauth URL as a QR code: an SVG image as a data: URL." }),
});
export type TotpEnrolmentResponse = z.infer<typeof TotpEnrolmentResponseSchema>;

const RecoveryCodesSchema = z
  .array(z.string())
  .meta({ description: "Ten single-use codes (xxxxx-xxxxx), shown this once: store them somewhere safe." });

/** POST /api/v1/me/mfa/recovery-codes. */
export const RecoveryCodesResponseSchema = z.object({ recoveryCodes: RecoveryCodesSchema });

/** POST /api/v1/me/mfa/totp/confirm: null when the account keeps the unused recovery codes it had. */
export const ConfirmTotpResponseSchema = z.object({ recoveryCodes: RecoveryCodesSchema.nullable() });
