import "server-only";
import { redirect } from "next/navigation";
import { type CurrentSession, requireSessionOrRedirect } from "@/lib/auth/session";
import { type Access, loadAccess } from "@/lib/authz";
import { isAppError } from "@/lib/errors";

export type AdminCaller = { session: CurrentSession; actor: Access };

/**
 * The caller's access, read fresh for this request (never cached: a permission taken away applies
 * on the next click). An account disabled or deleted while its session lived goes to sign-in.
 */
export async function accessOf(session: CurrentSession): Promise<Access> {
  try {
    return await loadAccess(session.userId);
  } catch (error) {
    if (isAppError(error) && error.code === "unauthorized") redirect("/login?notice=session-ended");
    throw error;
  }
}

/** For admin pages: the signed-in person (else a redirect to sign-in that comes back to `path`) and their access. */
export async function requireAdminViewer(path: string): Promise<AdminCaller> {
  const session = await requireSessionOrRedirect(path);
  return { session, actor: await accessOf(session) };
}
