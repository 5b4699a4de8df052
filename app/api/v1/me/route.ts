import { getMe, updateProfile } from "@/lib/accounts";
import { authenticate, withRenewal } from "@/lib/auth/session";
import { readJson, route } from "@/lib/http";
import { UpdateProfileSchema } from "@/lib/validation";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const session = await authenticate(request);
  return withRenewal(Response.json(await getMe(session.userId), { headers: { "cache-control": "no-store" } }), session);
});

export const PATCH = route(async (request) => {
  const session = await authenticate(request);
  const input = await readJson(request, UpdateProfileSchema);
  return withRenewal(
    Response.json(await updateProfile(session.userId, input), { headers: { "cache-control": "no-store" } }),
    session,
  );
});
