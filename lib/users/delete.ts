import { recordAudit } from "../audit";
import type { RequestMeta } from "../auth/session/meta";
import { revokeAllSessions } from "../auth/session/registry";
import { authorize, authorizePermission, lockManagementChain, relationTo, type Access } from "../authz";
import { db } from "../db";
import { anotherActiveAdminRemains, isActiveAdmin } from "./admins";
import { findUserRow, levelOf } from "./records";

/**
 * Deletes a user below the actor in the management chain (any user, for an Admin; never
 * themselves). Their reports move up to the deleted user's manager, and every session and token
 * they held stops working at once (the cached session records are tombstoned, not left to expire).
 * Their profile photo leaves the photo store once the row is gone.
 */
export async function deleteUser(actor: Access, id: string, meta: RequestMeta): Promise<void> {
  authorizePermission(actor, "users:delete");
  const row = await findUserRow(id);
  const relation = await relationTo(actor.id, id);
  const targetLevel = levelOf(row);
  authorize(actor, { action: "users:delete", relation, targetLevel });
  const deleted = await db.$transaction(async (tx) => {
    if (isActiveAdmin(row) && !(await anotherActiveAdminRemains(tx, id))) {
      authorize(actor, { action: "users:delete", relation, targetLevel, leavesNoAdmin: true });
    }
    await lockManagementChain(tx);
    const current = await tx.user.findUnique({ where: { id }, select: { managerId: true } });
    if (!current) return false; // deleted concurrently
    const moved = await tx.user.updateMany({ where: { managerId: id }, data: { managerId: current.managerId } });
    await revokeAllSessions(id, tx);
    await tx.user.delete({ where: { id } });
    await recordAudit(
      "user.deleted",
      {
        userId: id,
        actorId: actor.id,
        meta,
        data: {
          username: row.username,
          email: row.email,
          reportsMovedTo: current.managerId,
          reportsMoved: moved.count,
        },
      },
      tx,
    );
    return true;
  });
  // After the commit: a photo upload waits for the row lock, then finds no row and writes nothing.
  // Imported here, so that sharp and the S3 SDK load only in a process that deletes someone.
  if (deleted) await (await import("../photos")).discardUserPhotos(id);
}
