/**
 * What a form's server action returns to the page (through `useActionState`, or the server
 * render after a no-JavaScript post). Plain data, importable from client and server code.
 */
export type FieldErrors = Record<string, string[] | undefined>;

export type FormState = {
  status: "idle" | "error" | "success";
  /** The form-level message: the error summary's text or the success message. */
  message?: string;
  fieldErrors?: FieldErrors;
  /** The submitted values to show again (never passwords). */
  values?: Record<string, string>;
  /** A link that helps with a form-level error (e.g. "resend the activation email"). */
  help?: { href: string; label: string };
};

export const idleState: FormState = { status: "idle" };

export function successState(message: string, values?: Record<string, string>): FormState {
  return { status: "success", message, values };
}

export function errorState(message: string, extra: Omit<FormState, "status" | "message"> = {}): FormState {
  return { status: "error", message, ...extra };
}
