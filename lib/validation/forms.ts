import { z } from "./z";
import {
  AddAccountSchema,
  EmailSchema,
  IdentifierSchema,
  NameSchema,
  PasswordInputSchema,
  PasswordSchema,
  TokenSchema,
  UsernameSchema,
} from "./fields";
import { MFA_GRANT_TYPE, MfaGrantSchema, StepUpProofSchema } from "./mfa-sign-in";

// Object schemas strip unknown keys (zod's default): extra fields are ignored, never mass-assigned.

export const RegisterSchema = z.object({
  username: UsernameSchema,
  email: EmailSchema,
  password: PasswordSchema,
  firstName: NameSchema.optional(),
  lastName: NameSchema.optional(),
});
export type RegisterInput = z.infer<typeof RegisterSchema>;

export const LoginSchema = z.object({
  identifier: IdentifierSchema,
  password: PasswordInputSchema,
  addAccount: AddAccountSchema,
});
export type LoginInput = z.infer<typeof LoginSchema>;

/** Activation takes the password chosen at registration: the link alone activates nothing. */
export const ActivateSchema = z.object({ token: TokenSchema, password: PasswordInputSchema });
export type ActivateInput = z.infer<typeof ActivateSchema>;

export const ResendActivationSchema = z.object({ email: EmailSchema });
export type ResendActivationInput = z.infer<typeof ResendActivationSchema>;

export const ForgotPasswordSchema = z.object({ email: EmailSchema });
export type ForgotPasswordInput = z.infer<typeof ForgotPasswordSchema>;

/** "This wasn't me" (activation email) and the unlock link: the token alone. */
export const LinkTokenSchema = z.object({ token: TokenSchema });
export type LinkTokenInput = z.infer<typeof LinkTokenSchema>;

export const ResetPasswordSchema = z.object({
  token: TokenSchema,
  password: PasswordSchema,
  /** Keep linked Google accounts; by default a reset removes them. */
  keepLinkedAccounts: z.boolean().optional(),
});
export type ResetPasswordInput = z.infer<typeof ResetPasswordSchema>;

/** Accepting an invitation: the link's token and the first password of the account. */
export const AcceptInvitationSchema = z.object({ token: TokenSchema, password: PasswordSchema });
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationSchema>;

export const ChangePasswordSchema = z.object({ currentPassword: PasswordInputSchema, newPassword: PasswordSchema });
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>;

export const UpdateProfileSchema = z.object({ firstName: NameSchema.optional(), lastName: NameSchema.optional() });
export type UpdateProfileInput = z.infer<typeof UpdateProfileSchema>;

/** A first password for an account created through Google (no current password to confirm). */
export const SetPasswordSchema = z.object({ password: PasswordSchema });
export type SetPasswordInput = z.infer<typeof SetPasswordSchema>;

export const ChangeUsernameSchema = z.object({ username: UsernameSchema });
export type ChangeUsernameInput = z.infer<typeof ChangeUsernameSchema>;

/** Re-authentication (step-up) before a sensitive change: the password, or a fresh second factor. */
export const ReauthenticateSchema = StepUpProofSchema;

/** `POST /api/v1/auth/token` with `grant_type=password`: the same credentials as a sign-in. */
export const PasswordGrantSchema = z.object({
  grant_type: z.literal("password"),
  identifier: IdentifierSchema,
  password: PasswordInputSchema,
});

/** Refresh tokens are 43 characters; the bound only keeps absurd values out. */
export const RefreshTokenSchema = z.string().min(1).max(512);

/** `POST /api/v1/auth/token` with `grant_type=refresh_token`. */
export const RefreshGrantSchema = z.object({
  grant_type: z.literal("refresh_token"),
  refresh_token: RefreshTokenSchema,
});

export const GRANT_TYPES = ["password", "refresh_token", MFA_GRANT_TYPE] as const;
export const TokenRequestSchema = z.discriminatedUnion("grant_type", [
  PasswordGrantSchema,
  RefreshGrantSchema,
  MfaGrantSchema,
]);
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

/** `POST /api/v1/auth/revoke` (RFC 7009): a refresh or access token; the hint is accepted and not needed. */
export const RevokeTokenSchema = z.object({
  token: z.string().min(1).max(8192),
  token_type_hint: z.string().max(64).optional(),
});

/** The account switcher's form (POST /account/switch): which signed-in account becomes active, and where to go. */
export const SwitchAccountSchema = z.object({
  userId: z.string().trim().min(1).max(64),
  returnTo: z.string().max(2048).optional(),
});
