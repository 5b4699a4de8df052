import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../db/unavailable";
import { logger } from "../log";
import { AppError, errorCodes, type ErrorCode, type FieldErrors } from "../errors";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldErrors;
};

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Field errors keyed by the dotted path of each issue ("_" for the body itself). */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_";
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

export function problemBody(code: ErrorCode, detail?: string, errors?: FieldErrors): Problem {
  const { status, title } = errorCodes[code];
  return { type: `about:blank#${code}`, title, status, detail: detail ?? title, code, ...(errors ? { errors } : {}) };
}

export function problemResponse(
  code: ErrorCode,
  detail?: string,
  options: { errors?: FieldErrors; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): Response {
  const body = { ...options.extensions, ...problemBody(code, detail, options.errors) };
  return Response.json(body, {
    status: body.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...options.headers },
  });
}

export const DATABASE_UNAVAILABLE = "The database could not be reached just now; try again in a moment.";

/**
 * Maps any thrown value to a problem response; unexpected errors are logged and hidden. A lost
 * or refused database connection is 503 with Retry-After: the request was fine, a retry works.
 */
export function toProblem(error: unknown): Response {
  if (error instanceof AppError) {
    return problemResponse(error.code, error.message, {
      errors: error.fieldErrors,
      headers: error.headers,
      extensions: error.extensions,
    });
  }
  if (error instanceof ZodError) {
    return problemResponse("validation_failed", "The request is not valid.", { errors: zodFieldErrors(error) });
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: (error as Error).message }, "database unavailable: answered 503");
    return problemResponse("service_unavailable", DATABASE_UNAVAILABLE, { headers: { "Retry-After": "1" } });
  }
  logger.error(
    { err: error instanceof Error ? { message: error.message, stack: error.stack } : error },
    "unhandled error",
  );
  return problemResponse("internal_error", "Something went wrong on our side.");
}
