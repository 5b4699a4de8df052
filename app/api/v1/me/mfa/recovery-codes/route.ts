import { generateRecoveryCodes } from "@/lib/auth/mfa/recovery-codes";
import { assertRecentAuthentication, authenticate, requestMeta, withRenewal } from "@/lib/auth/session";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A new set of recovery codes, replacing the old one (needs a second factor and a recent sign-in). */
export const POST = route(async (request) => {
  const session = await authenticate(request);
  assertRecentAuthentication(session);
  const recoveryCodes = await generateRecoveryCodes(session.userId, requestMeta(request.headers));
  return withRenewal(Response.json({ recoveryCodes }, { headers: { "cache-control": "no-store" } }), session);
});
