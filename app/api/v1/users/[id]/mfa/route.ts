import { requestMeta, withRenewal } from "@/lib/auth/session";
import { authenticateWithAccess } from "@/lib/authz";
import { route } from "@/lib/http";
import { resetSecondFactors } from "@/lib/users";
import { pathId } from "@/lib/validation";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Resets a user's second factors (all of them) and signs them out everywhere; needs users:update over them. */
export const DELETE = route<Context>(async (request, { params }) => {
  const { session, actor } = await authenticateWithAccess(request);
  const id = pathId((await params).id);
  await resetSecondFactors(actor, id, requestMeta(request.headers));
  return withRenewal(new Response(null, { status: 204, headers: { "cache-control": "no-store" } }), session);
});
