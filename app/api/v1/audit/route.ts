import { listAuditEvents } from "@/lib/audit";
import { authenticate, withRenewal } from "@/lib/auth/session";
import { requirePermission } from "@/lib/authz";
import { readQuery, route } from "@/lib/http";
import { AuditQuerySchema } from "@/lib/validation";

export const dynamic = "force-dynamic";

/** The audit trail, newest first, with each event's place in the hash chain (needs audit:read). */
export const GET = route(async (request) => {
  const session = await authenticate(request);
  await requirePermission(session.userId, "audit:read");
  const query = readQuery(request, AuditQuerySchema);
  return withRenewal(
    Response.json(await listAuditEvents(query), { headers: { "cache-control": "no-store" } }),
    session,
  );
});
