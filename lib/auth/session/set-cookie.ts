import type { SessionCookie } from "./registry";

/** Serialises a session cookie as a Set-Cookie header value. */
export function serializeSessionCookie(cookie: SessionCookie): string {
  const { options } = cookie;
  const parts = [`${cookie.name}=${cookie.value}`, `Path=${options.path}`, `Expires=${options.expires.toUTCString()}`];
  if ("maxAge" in options && typeof options.maxAge === "number") parts.push(`Max-Age=${options.maxAge}`);
  if (options.httpOnly) parts.push("HttpOnly");
  if (options.secure) parts.push("Secure");
  parts.push("SameSite=Lax");
  return parts.join("; ");
}

/** Adds the cookie to a response (a new login, a renewal or a logout). */
export function withSessionCookie(response: Response, cookie: SessionCookie | null | undefined): Response {
  if (cookie) response.headers.append("set-cookie", serializeSessionCookie(cookie));
  return response;
}

/** Adds every cookie to a response (a sign-in's or a sign-out's session cookies, the device cookie). */
export function withSessionCookies(
  response: Response,
  cookies: readonly (SessionCookie | null | undefined)[],
): Response {
  for (const cookie of cookies) withSessionCookie(response, cookie);
  return response;
}
