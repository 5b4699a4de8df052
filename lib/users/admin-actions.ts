import { requestPasswordReset } from "../accounts/email-requests";
import { recordAudit } from "../audit";
import type { RequestMeta } from "../auth/session/meta";
import { revokeAllSessions } from "../auth/session/registry";
import { authorize, authorizePermission, relationTo, type Access } from "../authz";
import { findUserRow, levelOf } from "./records";

/** The admin console's "Sign out everywhere": every session and token family of a user below the actor. */
export async function revokeUserSessions(actor: Access, id: string, meta: RequestMeta): Promise<number> {
  authorizePermission(actor, "users:update");
  const row = await findUserRow(id);
  authorize(actor, { action: "users:update", relation: await relationTo(actor.id, id), targetLevel: levelOf(row) });
  const revoked = await revokeAllSessions(id);
  await recordAudit("sessions.revoked_all", { userId: id, actorId: actor.id, meta, data: { revoked } });
  return revoked;
}

/**
 * "Send a password reset link" for a user below the actor: the same request as "Forgot password",
 * so the worker decides as always (only an active account gets a link) and the link goes only to
 * the user's own address.
 */
export async function sendResetLink(actor: Access, id: string, meta: RequestMeta): Promise<void> {
  authorizePermission(actor, "users:update");
  const user = await findUserRow(id);
  authorize(actor, { action: "users:update", relation: await relationTo(actor.id, id), targetLevel: levelOf(user) });
  await requestPasswordReset(user.email, meta);
  await recordAudit("password.reset_requested", { userId: id, actorId: actor.id, meta, data: { by: "admin" } });
}
