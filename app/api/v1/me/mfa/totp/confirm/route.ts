import { confirmTotpEnrolment } from "@/lib/auth/mfa/totp";
import { assertRecentAuthentication, authenticate, requestMeta, withRenewal } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { ConfirmTotpSchema } from "@/lib/validation";

export const dynamic = "force-dynamic";

/** Confirms the pending setup with a code from the app; answers the first recovery codes, shown once. */
export const POST = route(async (request) => {
  const session = await authenticate(request);
  assertRecentAuthentication(session);
  const { code } = await readJsonOrJwe(request, ConfirmTotpSchema);
  const result = await confirmTotpEnrolment(session.userId, code, requestMeta(request.headers));
  return withRenewal(Response.json(result, { headers: { "cache-control": "no-store" } }), session);
});
