import { withRenewal, requestMeta } from "@/lib/auth/session";
import { authenticateWithAccess } from "@/lib/authz";
import { getMfaPolicy, updateMfaPolicy } from "@/lib/authz/mfa-policy";
import { readJson, route } from "@/lib/http";
import { MfaPolicySchema } from "@/lib/validation/mfa-sign-in";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** Which roles must use a second factor (Admins only). */
export const GET = route(async (request) => {
  const { session, actor } = await authenticateWithAccess(request);
  return withRenewal(Response.json(await getMfaPolicy(actor), { headers: NO_STORE }), session);
});

/** Sets it: `mfaRequiredLevel` (roles at that level or above) or null (nobody); audited. */
export const PUT = route(async (request) => {
  const { session, actor } = await authenticateWithAccess(request);
  const input = await readJson(request, MfaPolicySchema);
  const policy = await updateMfaPolicy(actor, input, requestMeta(request.headers));
  return withRenewal(Response.json(policy, { headers: NO_STORE }), session);
});
