import { reauthenticate, requestMeta, authenticate, withRenewal } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { ReauthenticateSchema } from "@/lib/validation";

/** Step-up: the password or a code (app or recovery): this session may make sensitive changes for 10 minutes. */
export const POST = route(async (request) => {
  const session = await authenticate(request);
  const proof = await readJsonOrJwe(request, ReauthenticateSchema);
  await reauthenticate(session, proof, requestMeta(request.headers));
  return withRenewal(new Response(null, { status: 204, headers: { "cache-control": "no-store" } }), session);
});
