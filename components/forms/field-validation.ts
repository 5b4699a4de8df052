import type { ZodType } from "zod";

/**
 * The messages `schema` gives for one field's value, the way the server reports them for that
 * field (every issue's message, in order; lib/http zodFieldErrors), or [] when the value is valid.
 * The schemas are the ones from lib/validation the server actions use, so the browser and the
 * server never disagree about a field (the server still checks everything again).
 */
export function fieldErrorsFor(schema: ZodType, value: string): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return [...new Set(result.error.issues.map((issue) => issue.message))];
}

/**
 * When a field's value is checked in the browser: on leaving the field (once something was typed,
 * so tabbing through an empty form is not scolded), and on every keystroke once the field shows
 * an error, so the error goes away as soon as it is fixed.
 */
export function shouldCheck(
  event: "blur" | "input",
  { edited, showingError }: { edited: boolean; showingError: boolean },
) {
  return event === "blur" ? edited || showingError : showingError;
}
