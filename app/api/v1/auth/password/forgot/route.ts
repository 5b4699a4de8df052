import { requestPasswordReset } from "@/lib/accounts";
import { requestMeta } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { ForgotPasswordSchema } from "@/lib/validation";

// The same work and the same answer for every address: the worker decides (lib/accounts/email-requests.ts).
export const POST = route(async (request) => {
  const { email } = await readJsonOrJwe(request, ForgotPasswordSchema);
  await requestPasswordReset(email, requestMeta(request.headers));
  return Response.json(
    { message: "If that email belongs to an active account, a password reset link is on its way." },
    { status: 202, headers: { "cache-control": "no-store" } },
  );
});
