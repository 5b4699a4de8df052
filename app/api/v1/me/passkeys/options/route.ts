import { passkeyRegistrationOptions } from "@/lib/auth/mfa/passkeys";
import { assertRecentAuthentication, authenticate, withRenewal } from "@/lib/auth/session";
import { route } from "@/lib/http";

/**
 * Starts a registration ceremony: the options for navigator.credentials.create() and the id of the
 * challenge to send back. Adding a passkey needs a recent sign-in, checked here already so that the
 * browser never asks for a passkey the server would then refuse.
 */
export const POST = route(async (request) => {
  const session = await authenticate(request);
  assertRecentAuthentication(session);
  const body = await passkeyRegistrationOptions(session.userId);
  return withRenewal(Response.json(body, { headers: { "cache-control": "no-store" } }), session);
});
