import { resetPassword } from "@/lib/accounts";
import { requestMeta } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { ResetPasswordSchema } from "@/lib/validation";

export const POST = route(async (request) => {
  const input = await readJsonOrJwe(request, ResetPasswordSchema);
  await resetPassword(input, requestMeta(request.headers));
  return Response.json(
    { message: "Your password has been reset and every session signed out. Sign in with the new password." },
    { headers: { "cache-control": "no-store" } },
  );
});
