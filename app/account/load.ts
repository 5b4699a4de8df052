import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";

/**
 * An account page's reads; a visit whose account was disabled or deleted while its session was
 * still alive (any of the reads may notice first) ends on the sign-in page with a notice.
 */
export async function readAccount<T>(reads: Promise<T>): Promise<T> {
  try {
    return await reads;
  } catch (error) {
    if (isAppError(error) && error.code === "unauthorized") redirect("/login?notice=session-ended");
    throw error;
  }
}
