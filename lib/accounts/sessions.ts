import { recordAudit } from "../audit";
import type { RequestMeta } from "../auth/session/meta";
import { revokeOtherSessions, revokeSession } from "../auth/session/registry";
import { assertRecentAuthentication, type StepUpSession } from "../auth/session/step-up";
import { db } from "../db";
import { requireActiveUser } from "./active-user";
import { notifySecurityEvent } from "./notices";

/**
 * "Sign out everywhere else": every session but the caller's. A thief holding a stolen session
 * could otherwise sign the owner out everywhere, so it needs a recent sign-in (step-up); the owner
 * is told by email. Returns how many sessions ended.
 */
export async function signOutOtherSessions(session: StepUpSession, meta: RequestMeta): Promise<number> {
  assertRecentAuthentication(session);
  return db.$transaction(async (tx) => {
    const user = await requireActiveUser(session.userId, { email: true, username: true, firstName: true }, tx);
    const count = await revokeOtherSessions(session.userId, session.sessionId, tx);
    if (count > 0) {
      await notifySecurityEvent(tx, user, "other-sessions-signed-out", meta);
      await recordAudit("sessions.revoked_others", { userId: session.userId, meta, data: { count } }, tx);
    }
    return count;
  });
}

/**
 * Ends one of the caller's sessions (404 when it is not theirs). Ending this very session is a
 * logout and needs nothing more; ending another one needs a recent sign-in (step-up), so a stolen
 * session cannot sign its owner out one device at a time.
 */
export async function signOutSession(session: StepUpSession, targetSessionId: string, meta: RequestMeta) {
  if (targetSessionId !== session.sessionId) assertRecentAuthentication(session);
  await revokeSession(session.userId, targetSessionId);
  await recordAudit("session.revoked", { userId: session.userId, meta, data: { sessionId: targetSessionId } });
}
