import { listPasskeys, registerPasskey } from "@/lib/auth/mfa/passkeys";
import { assertRecentAuthentication, authenticate, requestMeta, withRenewal } from "@/lib/auth/session";
import { readJson, route } from "@/lib/http";
import { RegisterPasskeySchema } from "@/lib/validation";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** The caller's passkeys, oldest first. */
export const GET = route(async (request) => {
  const session = await authenticate(request);
  return withRenewal(Response.json({ items: await listPasskeys(session.userId) }, { headers: NO_STORE }), session);
});

/** Finishes a registration ceremony (options from POST /api/v1/me/passkeys/options); a new way in: step-up. */
export const POST = route(async (request) => {
  const session = await authenticate(request);
  assertRecentAuthentication(session);
  const input = await readJson(request, RegisterPasskeySchema);
  const passkey = await registerPasskey(session.userId, input, requestMeta(request.headers));
  return withRenewal(Response.json(passkey, { status: 201, headers: NO_STORE }), session);
});
