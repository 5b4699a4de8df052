import { AppError } from "../errors";

/**
 * The AppError that `work` (a promise, or a function that returns one or throws) failed with.
 * Success fails the test, and so does any other error (rethrown as it was).
 */
export async function appErrorFrom(work: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof work === "function" ? work() : work);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, but it succeeded");
}
