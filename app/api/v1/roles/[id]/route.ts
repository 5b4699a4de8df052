import { requestMeta, withRenewal } from "@/lib/auth/session";
import { authenticateWithAccess, deleteRole, updateRole } from "@/lib/authz";
import { readJson, route } from "@/lib/http";
import { pathId, UpdateRoleSchema } from "@/lib/validation";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };
const NO_STORE = { "cache-control": "no-store" };

export const PATCH = route<Context>(async (request, { params }) => {
  const { session, actor } = await authenticateWithAccess(request);
  const id = pathId((await params).id);
  const input = await readJson(request, UpdateRoleSchema);
  const role = await updateRole(actor, id, input, requestMeta(request.headers));
  return withRenewal(Response.json(role, { headers: NO_STORE }), session);
});

export const DELETE = route<Context>(async (request, { params }) => {
  const { session, actor } = await authenticateWithAccess(request);
  const id = pathId((await params).id);
  await deleteRole(actor, id, requestMeta(request.headers));
  return withRenewal(new Response(null, { status: 204, headers: NO_STORE }), session);
});
