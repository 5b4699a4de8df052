import { describe, expect, it } from "vitest";
import type { SessionCookie } from "./registry";
import { serializeSessionCookie, withSessionCookie } from "./set-cookie";

const EPOCH = new Date(0);

function cookie(options: Partial<SessionCookie["options"]> & { maxAge?: number | undefined } = {}): SessionCookie {
  return {
    name: "authjs.session-token",
    value: "abc",
    options: { httpOnly: true, sameSite: "lax", path: "/", secure: false, expires: EPOCH, ...options },
  };
}

describe("Set-Cookie serialisation", () => {
  it("writes name, path, expiry, HttpOnly and SameSite=Lax, in that order", () => {
    expect(serializeSessionCookie(cookie())).toBe(
      "authjs.session-token=abc; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax",
    );
  });

  it("adds Max-Age only when one is given (a cleared cookie says Max-Age=0), and Secure only over https", () => {
    expect(serializeSessionCookie(cookie({ maxAge: 0, secure: true }))).toBe(
      "authjs.session-token=abc; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Secure; SameSite=Lax",
    );
  });

  it("writes no Max-Age when the option is present but unset", () => {
    expect(serializeSessionCookie(cookie({ maxAge: undefined }))).not.toContain("Max-Age");
  });

  it("leaves HttpOnly out for a cookie that scripts may read", () => {
    expect(serializeSessionCookie(cookie({ httpOnly: false }))).not.toContain("HttpOnly");
  });
});

describe("attaching the cookie to a response", () => {
  it("adds it beside the cookies the response already sets, and adds nothing without one", () => {
    const response = new Response(null, { headers: { "set-cookie": "theme=dark; Path=/" } });
    expect(withSessionCookie(response, null)).toBe(response);
    expect(response.headers.getSetCookie()).toEqual(["theme=dark; Path=/"]);
    withSessionCookie(response, cookie());
    expect(response.headers.getSetCookie()).toEqual(["theme=dark; Path=/", serializeSessionCookie(cookie())]);
  });
});
