import { isRedirectError } from "next/dist/client/components/redirect-error";

/** Where a page or server action redirected (Next's `redirect()` throws); fails if it did not. */
export async function redirectTarget(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isRedirectError(error)) return error.digest.split(";")[2] ?? "";
    throw error;
  }
  throw new Error("expected a redirect");
}
