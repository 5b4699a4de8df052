import { z } from "./z";
import { pageOf, PageQuerySchema } from "./paging";
import { IdSchema } from "./users";

// The audit trail's two read endpoints: GET /api/v1/audit (holders of audit:read) and
// GET /api/v1/me/activity (the caller's own security events).

/** An event type as the trail writes it ("login.succeeded", "sessions.revoked_others"). */
export const AuditTypeSchema = z
  .string()
  .max(64, "Not an audit event type.")
  .regex(/^[a-z]+(?:[._][a-z]+)*$/, "Not an audit event type.");

export const AuditQuerySchema = PageQuerySchema.extend({
  userId: IdSchema.optional(),
  type: AuditTypeSchema.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const ActivityQuerySchema = PageQuerySchema;
export type ActivityQuery = z.infer<typeof ActivityQuerySchema>;

const Timestamp = z.string().meta({ format: "date-time" });
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** One event of the trail, with its place in the hash chain (null only on an event outside it). */
export const AuditEventSchema = z.object({
  id: z.string(),
  at: Timestamp,
  type: z.string(),
  actorId: z.string().nullable(),
  userId: z.string().nullable(),
  ip: z.string(),
  userAgent: z
    .string()
    .meta({ description: "The browser or client that made the request (part of what the hash covers)." }),
  data: z.unknown().meta({ description: "Event details (JSON), or null." }),
  hash: Sha256Hex.nullable(),
  prevHash: Sha256Hex.nullable(),
});
export type AuditEventItem = z.infer<typeof AuditEventSchema>;
export const AuditPageSchema = pageOf(AuditEventSchema);
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** One of the caller's security events, as the account's owner sees it. */
export const ActivityEventSchema = z.object({
  id: z.string(),
  at: Timestamp,
  type: z.string(),
  /** Someone else (an administrator) acted on the account; their address and browser are not shown. */
  byOther: z.boolean(),
  ip: z.string(),
  userAgent: z.string(),
});
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;
export const ActivityPageSchema = pageOf(ActivityEventSchema);
export type ActivityPage = z.infer<typeof ActivityPageSchema>;
