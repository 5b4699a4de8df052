import { describe, expect, it } from "vitest";

// This file's configuration is read over https: cookies must be Secure with the __Host- prefix.
process.env.APP_URL = "https://auth.example.test";

const { insertUser } = await import("../../testing/fixtures");
const { createSession, clearedSessionCookie } = await import("./registry");
const { serializeSessionCookie } = await import("./set-cookie");
const { authenticateCookieValue } = await import("./authenticate");
const { accountsCookie } = await import("./accounts-cookie");

describe("session cookie over https", () => {
  it("is named __Host-authjs.session-token and is Secure, HttpOnly, SameSite=Lax, Path=/ without a Domain", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "192.0.2.1", userAgent: "vitest" });
    const header = serializeSessionCookie(cookie);
    expect(header.startsWith("__Host-authjs.session-token=")).toBe(true);
    for (const attribute of ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"]) expect(header).toContain(attribute);
    expect(header.toLowerCase()).not.toContain("domain=");
    expect(await authenticateCookieValue(cookie.value)).not.toBeNull();
    expect(serializeSessionCookie(clearedSessionCookie())).toMatch(
      /^__Host-authjs\.session-token=; .*Max-Age=0.*Secure/,
    );
  });

  it("carries the other accounts in __Host-authcore.accounts: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", async () => {
    const cookie = await accountsCookie([{ sub: "u1", sid: "s1", aexp: Math.floor(Date.now() / 1000) + 600 }]);
    const header = serializeSessionCookie(cookie);
    expect(header.startsWith("__Host-authcore.accounts=")).toBe(true);
    for (const attribute of ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"]) expect(header).toContain(attribute);
    expect(header.toLowerCase()).not.toContain("domain=");
  });
});
