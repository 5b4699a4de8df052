import { requestMeta, withRenewal } from "@/lib/auth/session";
import { authenticateWithAccess, createRole, listRoles } from "@/lib/authz";
import { readJson, route } from "@/lib/http";
import { CreateRoleSchema } from "@/lib/validation";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** Every role, from most to least authority. */
export const GET = route(async (request) => {
  const { session, actor } = await authenticateWithAccess(request);
  return withRenewal(Response.json({ items: await listRoles(actor) }, { headers: NO_STORE }), session);
});

/** Creates a role below the caller's own level. */
export const POST = route(async (request) => {
  const { session, actor } = await authenticateWithAccess(request);
  const input = await readJson(request, CreateRoleSchema);
  const role = await createRole(actor, input, requestMeta(request.headers));
  return withRenewal(
    Response.json(role, { status: 201, headers: { ...NO_STORE, location: `/api/v1/roles/${role.id}` } }),
    session,
  );
});
