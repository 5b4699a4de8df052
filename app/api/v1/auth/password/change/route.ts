import { changePassword } from "@/lib/accounts";
import { requestMeta, requireRequestSession, withSessionCookie } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { ChangePasswordSchema } from "@/lib/validation";

/** Every session ends with the old password; the caller continues in a new one (a new cookie). */
export const POST = route(async (request) => {
  const session = await requireRequestSession(request);
  const input = await readJsonOrJwe(request, ChangePasswordSchema);
  const { cookie } = await changePassword(session.userId, input, requestMeta(request.headers));
  return withSessionCookie(
    Response.json(
      { message: "Your password has been changed; your other sessions were signed out." },
      { headers: { "cache-control": "no-store" } },
    ),
    cookie,
  );
});
