import { resendActivation } from "@/lib/accounts";
import { requestMeta } from "@/lib/auth/session";
import { readJson, route } from "@/lib/http";
import { ResendActivationSchema } from "@/lib/validation";

// The same work and the same answer for every address: the worker decides (lib/accounts/email-requests.ts).
export const POST = route(async (request) => {
  const { email } = await readJson(request, ResendActivationSchema);
  await resendActivation(email, requestMeta(request.headers));
  return Response.json(
    { message: "If that email belongs to an account that is not activated yet, a new activation link is on its way." },
    { status: 202, headers: { "cache-control": "no-store" } },
  );
});
