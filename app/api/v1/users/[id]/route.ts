import { requestMeta, withRenewal } from "@/lib/auth/session";
import { authenticateWithAccess } from "@/lib/authz";
import { readJson, route } from "@/lib/http";
import { deleteUser, getUser, updateUser } from "@/lib/users";
import { pathId, UpdateUserSchema } from "@/lib/validation";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };
const NO_STORE = { "cache-control": "no-store" };

export const GET = route<Context>(async (request, { params }) => {
  const { session, actor } = await authenticateWithAccess(request);
  const id = pathId((await params).id);
  return withRenewal(Response.json(await getUser(actor, id), { headers: NO_STORE }), session);
});

export const PATCH = route<Context>(async (request, { params }) => {
  const { session, actor } = await authenticateWithAccess(request);
  const id = pathId((await params).id);
  const input = await readJson(request, UpdateUserSchema);
  const user = await updateUser(actor, id, input, requestMeta(request.headers));
  return withRenewal(Response.json(user, { headers: NO_STORE }), session);
});

export const DELETE = route<Context>(async (request, { params }) => {
  const { session, actor } = await authenticateWithAccess(request);
  const id = pathId((await params).id);
  await deleteUser(actor, id, requestMeta(request.headers));
  return withRenewal(new Response(null, { status: 204, headers: NO_STORE }), session);
});
