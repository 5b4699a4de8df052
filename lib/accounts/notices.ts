import type { RequestMeta } from "../auth/session/meta";
import type { Prisma } from "../db";
import type { SecurityEvent } from "../email/messages";
import { enqueueEmail } from "../email/outbox";

/**
 * Tells the owner about a change to how their account signs in, in the transaction of the change:
 * when, from where, and a link to secure the account if it was not them.
 */
export async function notifySecurityEvent(
  tx: Pick<Prisma.TransactionClient, "outboxMessage">,
  user: { email: string; username: string; firstName: string },
  event: SecurityEvent,
  meta: RequestMeta | null,
): Promise<void> {
  await enqueueEmail(
    {
      template: "security-notice",
      to: user.email,
      data: {
        username: user.username,
        firstName: user.firstName,
        event,
        at: new Date().toISOString(),
        ip: meta?.ip ?? "",
        userAgent: meta?.userAgent ?? "",
      },
    },
    tx,
  );
}
