import { passkeyAuthenticationOptions } from "@/lib/auth/mfa/passkeys";
import { assertSameSite } from "@/lib/auth/session";
import { route } from "@/lib/http";

/**
 * Starts a passkey sign-in without a username (a discoverable credential): the options for
 * navigator.credentials.get() and the id of the challenge to send back to /api/v1/auth/passkey/login.
 * Anonymous; proxy.ts rate-limits it like every API request.
 */
export const POST = route(async (request) => {
  assertSameSite(request);
  return Response.json(await passkeyAuthenticationOptions(null), { headers: { "cache-control": "no-store" } });
});
