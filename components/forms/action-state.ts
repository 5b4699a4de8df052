import "server-only";
import { unstable_rethrow } from "next/navigation";
import { isAppError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/log";
import { errorState, type FormState } from "./form-state";

/** The named text fields of a submission (files and missing fields become ""). */
export function formValues<const N extends string>(formData: FormData, names: readonly N[]): Record<N, string> {
  const values = {} as Record<N, string>;
  for (const name of names) {
    const value = formData.get(name);
    values[name] = typeof value === "string" ? value : "";
  }
  return values;
}

/** "45 seconds", "15 minutes": how long a Retry-After asks to wait, in words. */
export function waitText(retryAfterSeconds: number): string {
  if (!Number.isFinite(retryAfterSeconds) || retryAfterSeconds <= 0) return "a minute";
  if (retryAfterSeconds < 90) {
    const seconds = Math.ceil(retryAfterSeconds);
    return seconds === 1 ? "1 second" : `${seconds} seconds`;
  }
  return `${Math.ceil(retryAfterSeconds / 60)} minutes`;
}

const GENERIC_FAILURE = "Something went wrong on our side. Please try again in a moment.";

/**
 * Maps an error thrown by a domain function to the form's error state: field errors for
 * validation, a friendly text per error code (falling back to the error's own detail), and a
 * generic message for anything unexpected (logged, never shown). Next's redirect/notFound
 * signals are re-thrown untouched.
 */
export function actionErrorState(
  error: unknown,
  values: Record<string, string>,
  messages: Partial<Record<ErrorCode, string>> = {},
  help?: FormState["help"],
): FormState {
  unstable_rethrow(error);
  if (isAppError(error)) {
    if (error.code === "rate_limited") {
      const wait = waitText(Number(error.headers?.["Retry-After"] ?? error.headers?.["retry-after"]));
      return errorState(messages.rate_limited ?? `Too many attempts. Please wait ${wait} and try again.`, { values });
    }
    if (error.fieldErrors && Object.keys(error.fieldErrors).length > 0) {
      const message = messages[error.code] ?? "Please correct the highlighted fields.";
      return errorState(message, { fieldErrors: error.fieldErrors, values, help });
    }
    return errorState(messages[error.code] ?? error.message, { values, help });
  }
  logger.error(
    { err: error instanceof Error ? { message: error.message, stack: error.stack } : error },
    "form action failed",
  );
  return errorState(GENERIC_FAILURE, { values });
}
