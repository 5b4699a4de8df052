import { recordAudit, type AuditType } from "../audit";
import type { RequestMeta } from "../auth/session/meta";
import { revokeAllSessions } from "../auth/session/registry";
import { invalidateActionTokens } from "../auth/tokens";
import { type Prisma, TokenPurpose } from "../db";
import { GOOGLE_PROVIDER_ID } from "./providers";
import { notifySecurityEvent } from "./notices";

/** Why the password changes, which decides the notice and the audit event. */
export type PasswordChange = "changed" | "reset" | "set" | "invitation";

const NOTICE = { changed: "password-changed", reset: "password-reset", set: "password-set" } as const;
const AUDIT: Record<PasswordChange, AuditType> = {
  changed: "password.changed",
  reset: "password.reset",
  set: "password.set",
  invitation: "password.set",
};

/**
 * Every consequence of a new password, in the caller's transaction, in one place: the hash is
 * stored, outstanding reset and unlock links stop working, every session and refresh token of the
 * user is revoked (a caller that keeps the person signed in starts a new session afterwards: a new
 * session id), the owner is told by email and the change is audited. A reset also removes linked
 * Google accounts unless the person chose to keep them: whoever could reset the password could
 * otherwise leave a Google identity of theirs attached.
 */
export async function replacePassword(
  tx: Prisma.TransactionClient,
  input: {
    user: { id: string; email: string; username: string; firstName: string };
    passwordHash: string;
    reason: PasswordChange;
    meta: RequestMeta | null;
    keepLinkedAccounts?: boolean;
  },
): Promise<void> {
  const { user, reason, meta } = input;
  const now = new Date();
  await tx.user.update({ where: { id: user.id }, data: { passwordHash: input.passwordHash, passwordChangedAt: now } });
  await invalidateActionTokens(tx, user.id, [TokenPurpose.PASSWORD_RESET, TokenPurpose.ACCOUNT_UNLOCK], now);
  await revokeAllSessions(user.id, tx);
  if (reason === "reset" && !input.keepLinkedAccounts) {
    const { count } = await tx.account.deleteMany({ where: { userId: user.id, provider: GOOGLE_PROVIDER_ID } });
    if (count > 0) {
      await notifySecurityEvent(tx, user, "google-unlinked-by-reset", meta);
      await recordAudit(
        "account.unlinked",
        { userId: user.id, meta: meta ?? undefined, data: { provider: GOOGLE_PROVIDER_ID, reset: true } },
        tx,
      );
    }
  }
  if (reason !== "invitation") await notifySecurityEvent(tx, user, NOTICE[reason], meta);
  await recordAudit(AUDIT[reason], { userId: user.id, meta: meta ?? undefined }, tx);
}
