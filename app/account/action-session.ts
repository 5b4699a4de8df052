import "server-only";
import { type CurrentSession, requireSessionOrRedirect, writeSessionCookie } from "@/lib/auth/session";

/**
 * The session of an /account server action. Every action checks it itself: the page's own check
 * does not protect its actions. Server components cannot write cookies (and the proxy only renews
 * on page loads), so a due sliding renewal is written here.
 */
export async function requireActionSession(): Promise<CurrentSession> {
  const session = await requireSessionOrRedirect("/account");
  const renewed = session.renewedCookie;
  if (renewed) await writeSessionCookie(renewed);
  return session;
}
