import { requestMeta, withRenewal } from "@/lib/auth/session";
import { authenticateWithAccess } from "@/lib/authz";
import { readJsonOrJwe, readQuery, route } from "@/lib/http";
import { createManagedUser, listUsers } from "@/lib/users";
import { CreateUserSchema, UserListQuerySchema } from "@/lib/validation";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** A page of users: the caller first, then by username; other users' fields as the caller may see them. */
export const GET = route(async (request) => {
  const { session, actor } = await authenticateWithAccess(request);
  const query = readQuery(request, UserListQuerySchema);
  return withRenewal(Response.json(await listUsers(actor, query), { headers: NO_STORE }), session);
});

/** Creates a user below the caller (JSON, or a JWE when it carries a password); without one, the person is invited. */
export const POST = route(async (request) => {
  const { session, actor } = await authenticateWithAccess(request);
  const input = await readJsonOrJwe(request, CreateUserSchema);
  const user = await createManagedUser(actor, input, requestMeta(request.headers));
  return withRenewal(
    Response.json(user, { status: 201, headers: { ...NO_STORE, location: `/api/v1/users/${user.id}` } }),
    session,
  );
});
