import { unlockAccount } from "@/lib/accounts/unlock";
import { requestMeta } from "@/lib/auth/session";
import { readJson, route } from "@/lib/http";
import { LinkTokenSchema } from "@/lib/validation";

/** Unlocks an account locked by failed sign-ins, with the emailed one-time token. */
export const POST = route(async (request) => {
  const { token } = await readJson(request, LinkTokenSchema);
  await unlockAccount(token, requestMeta(request.headers));
  return Response.json(
    { message: "Your account is unlocked. You can sign in again." },
    { headers: { "cache-control": "no-store" } },
  );
});
