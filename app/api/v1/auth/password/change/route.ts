import { changePassword } from "@/lib/accounts";
import { requestMeta, requireRequestSession, withRenewal } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { ChangePasswordSchema } from "@/lib/validation";

export const POST = route(async (request) => {
  const session = await requireRequestSession(request);
  const input = await readJsonOrJwe(request, ChangePasswordSchema);
  await changePassword(session.userId, session.sessionId, input, requestMeta(request.headers));
  return withRenewal(
    Response.json(
      { message: "Your password has been changed; your other sessions were signed out." },
      { headers: { "cache-control": "no-store" } },
    ),
    session,
  );
});
