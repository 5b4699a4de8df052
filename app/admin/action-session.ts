import "server-only";
import { requireSessionOrRedirect, writeSessionCookie } from "@/lib/auth/session";
import { accessOf, type AdminCaller } from "./viewer";

/**
 * The caller of an admin server action, with their access read fresh. Every action checks it
 * itself: neither the page nor the layout protects the actions under it, and the domain function
 * the action calls authorizes once more. Server components cannot write cookies, so a due sliding
 * renewal is written here.
 */
export async function requireAdminAction(path = "/admin"): Promise<AdminCaller> {
  const session = await requireSessionOrRedirect(path);
  const renewed = session.renewedCookie;
  if (renewed) await writeSessionCookie(renewed);
  return { session, actor: await accessOf(session) };
}
