import { changePassword } from "@/lib/accounts";
import {
  authenticate,
  browserCookiesFromHeader,
  continueInNewSession,
  requestMeta,
  withSessionCookies,
} from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { ChangePasswordSchema } from "@/lib/validation";

/**
 * Every session and token family ends with the old password. A browser continues in a new session
 * (a new cookie, in the account's place among the browser's accounts); a Bearer client's family
 * ends too, and it gets new tokens with the new password.
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
  if (session.via !== "cookie") return response;
  const browser = browserCookiesFromHeader(request.headers.get("cookie"));
  return withSessionCookies(response, (await continueInNewSession(browser, session.userId, meta)).cookies);
});
