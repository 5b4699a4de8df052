import { listActivity } from "@/lib/audit";
import { authenticate, withRenewal } from "@/lib/auth/session";
import { readQuery, route } from "@/lib/http";
import { ActivityQuerySchema } from "@/lib/validation";

export const dynamic = "force-dynamic";

/** The caller's own security events, newest first. */
export const GET = route(async (request) => {
  const session = await authenticate(request);
  const { page, pageSize } = readQuery(request, ActivityQuerySchema);
  const activity = await listActivity(session.userId, page, pageSize);
  return withRenewal(Response.json(activity, { headers: { "cache-control": "no-store" } }), session);
});
