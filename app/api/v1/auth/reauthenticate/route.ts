import { reauthenticate, requestMeta, authenticate, withRenewal } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { ReauthenticateSchema } from "@/lib/validation";

/** Step-up: confirms the password so that this session may make sensitive changes for 10 minutes. */
export const POST = route(async (request) => {
  const session = await authenticate(request);
  const { password } = await readJsonOrJwe(request, ReauthenticateSchema);
  await reauthenticate(session, password, requestMeta(request.headers));
  return withRenewal(new Response(null, { status: 204, headers: { "cache-control": "no-store" } }), session);
});
