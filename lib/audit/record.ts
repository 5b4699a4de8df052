import { db, type Prisma } from "../db";
import { logger } from "../log";
import { appendAuditEvent, type AuditWriter } from "./append";

/** Who acted from where (a subset of lib/auth RequestMeta). */
export type AuditMeta = { ip: string; userAgent: string };

export type AuditType =
  | "account.registered"
  | "account.registration_replaced"
  | "account.registration_cancelled"
  | "account.activated"
  | "account.activation_failed"
  | "account.invitation_accepted"
  | "account.disabled"
  | "account.enabled"
  | "account.locked"
  | "account.unlocked"
  | "session.reauthenticated"
  | "login.succeeded"
  | "login.failed"
  | "logout"
  | "session.revoked"
  | "sessions.revoked_others"
  | "password.reset_requested"
  | "password.reset"
  | "password.changed"
  | "profile.updated"
  | "profile.photo_changed"
  | "profile.photo_removed"
  | "username.changed"
  | "account.linked"
  | "account.unlinked"
  | "password.set"
  | "token.revoked"
  | "token.reuse_detected"
  | "user.created"
  | "user.updated"
  | "user.roles_changed"
  | "user.deleted"
  | "sessions.revoked_all"
  | "role.created"
  | "role.updated"
  | "role.deleted"
  | "mfa.totp_enrolled"
  | "mfa.totp_removed"
  | "mfa.passkey_added"
  | "mfa.passkey_renamed"
  | "mfa.passkey_removed"
  | "mfa.recovery_codes_generated"
  | "mfa.recovery_code_used"
  | "mfa.challenge_started"
  | "mfa.failed"
  | "mfa.reset_by_admin"
  | "security.policy_changed";

/**
 * Appends to the audit trail's hash chain (lib/audit/append.ts). Outside a transaction it never
 * fails the caller: a lost audit row is logged instead. Inside one (`tx`) it throws, so the change
 * and its audit row commit or roll back together.
 */
export async function recordAudit(
  type: AuditType,
  entry: { userId?: string | null; actorId?: string | null; meta?: AuditMeta; data?: Prisma.InputJsonValue },
  tx: AuditWriter = db,
): Promise<void> {
  try {
    await appendAuditEvent(
      {
        type,
        userId: entry.userId ?? null,
        actorId: entry.actorId ?? entry.userId ?? null,
        ip: entry.meta?.ip ?? "",
        userAgent: entry.meta?.userAgent ?? "",
        data: entry.data,
      },
      tx,
    );
  } catch (error) {
    if (tx !== db) throw error;
    logger.warn({ err: (error as Error).message, type }, "audit event not recorded");
  }
}
