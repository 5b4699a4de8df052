import { changePassword } from "@/lib/accounts";
import { authenticate, createSession, requestMeta, withSessionCookie } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { ChangePasswordSchema } from "@/lib/validation";

/**
 * Every session and token family ends with the old password. A browser continues in a new session
 * (a new cookie); a Bearer client's family ends too, and it gets new tokens with the new password.
 */
export const POST = route(async (request) => {
  const session = await authenticate(request);
  const input = await readJsonOrJwe(request, ChangePasswordSchema);
  const meta = requestMeta(request.headers);
  await changePassword(session.userId, input, meta);
  const response = Response.json(
    { message: "Your password has been changed; your other sessions were signed out." },
    { headers: { "cache-control": "no-store" } },
  );
  return session.via === "cookie"
    ? withSessionCookie(response, (await createSession(session.userId, meta)).cookie)
    : response;
});
