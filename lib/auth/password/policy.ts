import type { FieldErrors } from "../../errors";
import { passwordPolicyProblems, type PasswordContext } from "../../validation/password-policy";

// The rule itself is pure and lives with the schemas (lib/config applies it to ADMIN_PASSWORD).
export { passwordPolicyProblems, type PasswordContext };

/** Field errors for `field` when the password breaks the policy, else undefined. */
export function passwordPolicyErrors(
  password: string,
  context: PasswordContext,
  field = "password",
): FieldErrors | undefined {
  const problems = passwordPolicyProblems(password, context);
  return problems.length > 0 ? { [field]: problems } : undefined;
}
