import { dictionary } from "@zxcvbn-ts/language-common";

// A pure rule about a string, like PasswordSchema: it lives with the schemas (a foundation) so
// that lib/config can apply it to ADMIN_PASSWORD at startup; lib/auth/password/policy.ts
// re-exports it for the domain. Not exported from ./index: client bundles never load the list.

/** The most common passwords (zxcvbn-ts's ranked list, ~49k entries), lower-cased. */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return common;
}

export type PasswordContext = { username?: string; email?: string };

/**
 * The password rules beyond length (which PasswordSchema checks): not one of the most common
 * passwords, and not containing the username or the email (or its local part). Returns the
 * reasons, empty when the password is acceptable. `password` is already NFKC-normalised.
 */
export function passwordPolicyProblems(password: string, context: PasswordContext = {}): string[] {
  const problems: string[] = [];
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) problems.push("This password is too common; choose one that is harder to guess.");
  const username = context.username?.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username))
    problems.push("The password must not contain your username.");
  const email = context.email?.toLowerCase();
  if (email) {
    const local = email.split("@")[0] ?? "";
    if (lower.includes(email) || (local.length >= 3 && lower.includes(local))) {
      problems.push("The password must not contain your email address.");
    }
  }
  return problems;
}
