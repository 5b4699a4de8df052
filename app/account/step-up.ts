import type { FormState } from "@/components/forms/form-state";
import { isAppError } from "@/lib/errors";

/** What a sensitive change says when the session must confirm who it is first (step-up). */
export const STEP_UP_MESSAGE = "For your security, confirm it's you before making this change.";

/** The "Confirm it's you" link for a form error, when that is what the error asks for. */
export function stepUpHelp(error: unknown): FormState["help"] {
  return isAppError(error) && error.code === "reauthentication_required"
    ? { href: "/account/confirm", label: "Confirm it's you" }
    : undefined;
}
