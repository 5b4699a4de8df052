import type { FormState } from "@/components/forms/form-state";
import { isAppError } from "@/lib/errors";
import { confirmHref, SECURITY_PATH } from "./return-path";

/** What a sensitive change says when the session must confirm who it is first (step-up). */
export const STEP_UP_MESSAGE = "For your security, confirm it's you before making this change.";

/**
 * The "Confirm it's you" link for a form error, when that is what the error asks for; it comes
 * back to `returnTo`, the account tab the form is on.
 */
export function stepUpHelp(error: unknown, returnTo: string = SECURITY_PATH): FormState["help"] {
  return isAppError(error) && error.code === "reauthentication_required"
    ? { href: confirmHref(returnTo), label: "Confirm it's you" }
    : undefined;
}
