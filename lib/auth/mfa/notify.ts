import { recordAudit, type AuditType } from "../../audit";
import { db, type Prisma } from "../../db";
import type { SecurityEvent } from "../../email/messages";
import { enqueueEmail } from "../../email/outbox";
import type { RequestMeta } from "../session/meta";

/**
 * Records a change to an account's second factors in the transaction of the change: the audit
 * event and the owner's email commit with it or not at all. `actorId` is who made the change when
 * it was not the owner (an administrator's reset).
 */
export async function recordFactorChange(
  tx: Prisma.TransactionClient,
  userId: string,
  change: { audit: AuditType; notice: SecurityEvent; data?: Prisma.InputJsonValue; actorId?: string },
  meta: RequestMeta | null,
): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, username: true, firstName: true },
  });
  await recordAudit(
    change.audit,
    { userId, actorId: change.actorId ?? userId, meta: meta ?? undefined, data: change.data },
    tx,
  );
  await enqueueEmail(
    {
      template: "security-notice",
      to: user.email,
      data: {
        username: user.username,
        firstName: user.firstName,
        event: change.notice,
        at: new Date().toISOString(),
        ip: meta?.ip ?? "",
        userAgent: meta?.userAgent ?? "",
      },
    },
    tx,
  );
}

/** recordFactorChange in a transaction of its own, for changes that are already committed. */
export function notifyFactorChange(
  userId: string,
  change: Parameters<typeof recordFactorChange>[2],
  meta: RequestMeta | null,
): Promise<void> {
  return db.$transaction((tx) => recordFactorChange(tx, userId, change, meta));
}
