import { codePointLength, PASSWORD_MAX, PASSWORD_MIN } from "@/lib/validation/fields";

// The pure part of the new-password meter and checklist (no dictionaries here: this module is in
// every form's bundle). The dictionary checks come from ./password-checker, loaded on first use.

export const STRENGTH_LABELS = ["Too weak", "Weak", "Fair", "Good", "Strong"] as const;
export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

/** The person's own words, which a password must not contain (the server's PasswordContext). */
export type PasswordContext = { username?: string; email?: string };

/** What the lazily loaded checker knows: zxcvbn's score and the server's dictionary rules. */
export type PasswordChecker = {
  /** zxcvbn's guessability score, 0 (too guessable) to 4 (very unguessable). */
  score(password: string, userInputs: string[]): StrengthLevel;
  /** The server's rules beyond length (lib/validation/password-policy.ts), one flag each. */
  problems(password: string, context: PasswordContext): { common: boolean; username: boolean; email: boolean };
};

export type RuleStatus = "met" | "unmet" | "unknown";
export type PasswordRule = { id: "length" | "common" | "personal"; text: string; status: RuleStatus };

export type PasswordAssessment = {
  /** Nothing typed yet: the meter shows no bars and nothing is announced. */
  empty: boolean;
  /** null while the checker is still loading (the meter says "Checking…"). */
  level: StrengthLevel | null;
  label: string;
  rules: PasswordRule[];
};

/** The words zxcvbn should treat as guessable for this person: username, email and its local part. */
export function userInputsOf(context: PasswordContext): string[] {
  const inputs = new Set<string>();
  const username = context.username?.trim();
  if (username) inputs.add(username.toLowerCase());
  const email = context.email?.trim().toLowerCase();
  if (email) {
    inputs.add(email);
    const local = email.split("@")[0];
    if (local) inputs.add(local);
  }
  return [...inputs];
}

/**
 * The meter's level and the checklist for `password`, as the server would judge it: NFKC first
 * (PasswordSchema normalises before counting), then the length, then the dictionary rules once the
 * checker is loaded. A password the server would refuse is "Too weak" whatever zxcvbn thinks.
 */
export function assessPassword(
  raw: string,
  context: PasswordContext,
  checker: PasswordChecker | null,
): PasswordAssessment {
  const password = raw.normalize("NFKC");
  const length = codePointLength(password);
  const lengthMet = length >= PASSWORD_MIN && length <= PASSWORD_MAX;
  const knowsPerson = Boolean(context.username?.trim() || context.email?.trim());
  const problems = checker && password ? checker.problems(password, context) : null;

  const rules: PasswordRule[] = [
    {
      id: "length",
      text: `${PASSWORD_MIN}–${PASSWORD_MAX} characters`,
      // Nothing typed is not yet a failure: every rule waits, neutral, for the first character.
      status: !password ? "unknown" : lengthMet ? "met" : "unmet",
    },
    {
      id: "common",
      text: "Not a commonly used password",
      status: !password ? "unknown" : problems ? (problems.common ? "unmet" : "met") : "unknown",
    },
    {
      id: "personal",
      text: "Does not contain your username or email",
      status:
        !password || !knowsPerson
          ? "unknown"
          : problems
            ? problems.username || problems.email
              ? "unmet"
              : "met"
            : "unknown",
    },
  ];

  if (!password) return { empty: true, level: 0, label: STRENGTH_LABELS[0], rules };
  if (!checker) {
    return { empty: false, level: lengthMet ? null : 0, label: lengthMet ? "Checking…" : STRENGTH_LABELS[0], rules };
  }
  const refused = rules.some((rule) => rule.status === "unmet");
  const level: StrengthLevel = refused ? 0 : checker.score(password, userInputsOf(context));
  return { empty: false, level, label: STRENGTH_LABELS[level], rules };
}
