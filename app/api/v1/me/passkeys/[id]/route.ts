import { removePasskey, renamePasskey } from "@/lib/auth/mfa/passkeys";
import { assertRecentAuthentication, authenticate, requestMeta, withRenewal } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http";
import { IdSchema, RenamePasskeySchema } from "@/lib/validation";

type Context = { params: Promise<{ id: string }> };

/** A path id that cannot name any row is simply not one of the caller's passkeys. */
async function passkeyId(params: Context["params"]): Promise<string> {
  const parsed = IdSchema.safeParse((await params).id);
  if (!parsed.success) throw new AppError("not_found", "No such passkey.");
  return parsed.data;
}

export const PATCH = route<Context>(async (request, { params }) => {
  const session = await authenticate(request);
  const id = await passkeyId(params);
  const { name } = await readJson(request, RenamePasskeySchema);
  const passkey = await renamePasskey(session.userId, id, name, requestMeta(request.headers));
  return withRenewal(Response.json(passkey, { headers: { "cache-control": "no-store" } }), session);
});

/** Removing a way in needs a recent sign-in (step-up). */
export const DELETE = route<Context>(async (request, { params }) => {
  const session = await authenticate(request);
  assertRecentAuthentication(session);
  await removePasskey(session.userId, await passkeyId(params), requestMeta(request.headers));
  return withRenewal(new Response(null, { status: 204, headers: { "cache-control": "no-store" } }), session);
});
