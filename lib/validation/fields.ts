import { z } from "./z";

// C0/C1 control characters (NUL included) are never legitimate in the text fields we accept.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** The text with every control character removed (for values from other systems, e.g. a provider's profile). */
export function withoutControlChars(value: string): string {
  return value.replace(new RegExp(CONTROL_CHARS.source, "g"), "");
}
export const noControlChars = (value: string) => !CONTROL_CHARS.test(value);
export const CONTROL_MESSAGE = "Must not contain control characters.";

/** Length in Unicode code points (what a person counts), not UTF-16 units. */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;

export const UsernameSchema = z
  .string({ error: "Enter a username." })
  .trim()
  .min(USERNAME_MIN, `Use at least ${USERNAME_MIN} characters.`)
  .max(USERNAME_MAX, `Use at most ${USERNAME_MAX} characters.`)
  .regex(/^[a-zA-Z0-9_.-]+$/, "Use only letters, digits, '_', '.' and '-'.");

/** Trimmed and lower-cased: emails are unique case-insensitively. */
export const EmailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .max(EMAIL_MAX, `Use at most ${EMAIL_MAX} characters.`)
  .refine(noControlChars, CONTROL_MESSAGE)
  .pipe(z.email("Enter a valid email address."))
  .transform((value) => value.toLowerCase());

/**
 * NFKC-normalised, 8–128 code points. Never trimmed: every character the person typed counts.
 * The common-password and username/email rules live in lib/auth/password/policy.ts.
 */
export const PasswordSchema = z
  .string({ error: "Enter a password." })
  // Reject absurd input before normalising it (NFKC can expand a string).
  .max(PASSWORD_MAX * 4, `Use at most ${PASSWORD_MAX} characters.`)
  .transform((value) => value.normalize("NFKC"))
  .refine((value) => !value.includes("\u0000"), "Must not contain NUL characters.")
  .refine((value) => codePointLength(value) >= PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .refine((value) => codePointLength(value) <= PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

/** A password being checked (login, current password): any non-empty bounded string. */
export const PasswordInputSchema = z
  .string({ error: "Enter your password." })
  .min(1, "Enter your password.")
  .max(PASSWORD_MAX * 4, "Incorrect password.")
  .transform((value) => value.normalize("NFKC"));

export const NameSchema = z
  .string({ error: "Must be text." })
  .trim()
  .max(NAME_MAX, `Use at most ${NAME_MAX} characters.`)
  .refine(noControlChars, CONTROL_MESSAGE);

/** A one-time token from an email link (base64url). */
export const TokenSchema = z
  .string({ error: "The token is missing." })
  .trim()
  .min(16, "The token is not valid.")
  .max(128, "The token is not valid.")
  .regex(/^[A-Za-z0-9_-]+$/, "The token is not valid.");

/** Username or email. */
export const IdentifierSchema = z
  .string({ error: "Enter your username or email." })
  .trim()
  .min(1, "Enter your username or email.")
  .max(EMAIL_MAX, "Enter your username or email.")
  .refine(noControlChars, CONTROL_MESSAGE);

/**
 * `addAccount` on a browser sign-in: keep the accounts already signed in in this browser and add
 * this one as the active account (at most 5 in all). Without it the sign-in replaces them all.
 */
export const AddAccountSchema = z.boolean().optional().meta({
  description:
    "Keep the accounts already signed in in this browser and add this one as the active account (at most 5); without it the sign-in replaces them.",
});
