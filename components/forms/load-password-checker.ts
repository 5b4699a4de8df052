import type { PasswordChecker } from "./password-strength";

let loading: Promise<PasswordChecker> | undefined;

/** The dictionary checker, fetched on first use (a separate chunk) and then kept; a failed load may be retried. */
export function loadPasswordChecker(): Promise<PasswordChecker> {
  loading ??= import("./password-checker").then(
    (module) => module.passwordChecker,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
