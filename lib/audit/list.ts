import { db } from "../db";
import type { ActivityPage, AuditPage } from "../validation/audit";
import type { AuditType } from "./record";

/**
 * What the account's owner sees under "Security activity": sign-ins, password and email changes,
 * revocations, role and state changes. Registration steps, failed activations and profile edits
 * stay in the full trail only.
 */
export const SECURITY_EVENT_TYPES = [
  "login.succeeded",
  "login.failed",
  "session.reauthenticated",
  "logout",
  "session.revoked",
  "sessions.revoked_others",
  "sessions.revoked_all",
  "token.revoked",
  "token.reuse_detected",
  "password.reset_requested",
  "password.changed",
  "password.reset",
  "password.set",
  "username.changed",
  "account.linked",
  "account.unlinked",
  "account.locked",
  "account.unlocked",
  "account.disabled",
  "account.enabled",
  "user.updated",
  "user.roles_changed",
  "mfa.totp_enrolled",
  "mfa.totp_removed",
  "mfa.passkey_added",
  "mfa.passkey_removed",
  "mfa.recovery_codes_generated",
  "mfa.recovery_code_used",
  "mfa.failed",
  "mfa.reset_by_admin",
] as const satisfies readonly AuditType[];

export const ACTIVITY_PAGE_SIZE = 20;

const newestFirst = { seq: "desc" } as const;

/** The audit trail, newest first (chain order), filtered by the user it is about and by type. */
export async function listAuditEvents(query: {
  userId?: string;
  type?: string;
  page: number;
  pageSize: number;
}): Promise<AuditPage> {
  const { page, pageSize } = query;
  const where = { userId: query.userId, type: query.type };
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: newestFirst, skip: (page - 1) * pageSize, take: pageSize }),
    db.auditEvent.count({ where }),
  ]);
  const items = rows.map((row) => ({
    id: row.id,
    at: row.createdAt.toISOString(),
    type: row.type,
    actorId: row.actorId,
    userId: row.userId,
    ip: row.ip,
    userAgent: row.userAgent,
    data: row.data,
    hash: row.hash,
    prevHash: row.prevHash,
  }));
  return { items, page, pageSize, total };
}

/** The user's own security events (SECURITY_EVENT_TYPES), newest first. */
export async function listActivity(userId: string, page = 1, pageSize = ACTIVITY_PAGE_SIZE): Promise<ActivityPage> {
  const where = { userId, type: { in: [...SECURITY_EVENT_TYPES] } };
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: newestFirst,
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { id: true, createdAt: true, type: true, actorId: true, ip: true, userAgent: true },
    }),
    db.auditEvent.count({ where }),
  ]);
  const items = rows.map((row) => {
    // An administrator's address and browser are theirs, not the account owner's to see.
    const byOther = row.actorId !== null && row.actorId !== userId;
    return {
      id: row.id,
      at: row.createdAt.toISOString(),
      type: row.type,
      byOther,
      ip: byOther ? "" : row.ip,
      userAgent: byOther ? "" : row.userAgent,
    };
  });
  return { items, page, pageSize, total };
}
