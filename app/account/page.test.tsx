import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { redirectTarget } from "@/lib/testing/next";

// The request's cookies, as Next gives them to a server component.
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined) }),
}));
// Auth.js is only reached through the page's "Link Google" action, never called here.
vi.mock("@/lib/oauth/nextauth", () => ({ signIn: async () => undefined }));

const { default: AccountPage } = await import("./page");
const { SESSION_COOKIE_NAME, createSession } = await import("@/lib/auth/session");
const { startTokenFamily } = await import("@/lib/auth/api-tokens");
const { insertUser } = await import("@/lib/testing/fixtures");
const { db } = await import("@/lib/db");

describe("/account", () => {
  beforeEach(() => jar.clear());

  it("sends a visitor without a session to sign in and back", async () => {
    expect(await redirectTarget(AccountPage({ searchParams: Promise.resolve({}) }))).toBe(
      "/login?callbackUrl=%2Faccount",
    );
  });

  it("renders for a live session", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "198.51.100.9", userAgent: "test" });
    jar.set(SESSION_COOKIE_NAME, cookie.value);
    const html = renderToStaticMarkup(await AccountPage({ searchParams: Promise.resolve({}) }));
    const withNotice = renderToStaticMarkup(
      await AccountPage({ searchParams: Promise.resolve({ notice: "activated" }) }),
    );
    expect(withNotice).toContain("Your account is active");
    // Unknown notices (including inherited object keys) show nothing rather than failing.
    for (const notice of ["__proto__", "constructor", "nope"]) {
      const page = renderToStaticMarkup(await AccountPage({ searchParams: Promise.resolve({ notice }) }));
      expect(page).not.toMatch(/Your account is active|Thanks for confirming/);
    }
    expect(html).toContain(`Signed in as ${user.username}`);
    expect(html).toContain("Sign-in methods");
    expect(html).toContain("This device");
    expect(html).toContain("No apps or devices use your account through the API.");
  });

  it("lists browser sessions under “Active sessions” and token families under “Apps and devices”", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "198.51.100.9", userAgent: "test" });
    jar.set(SESSION_COOKIE_NAME, cookie.value);
    const { familyId } = await startTokenFamily(user.id, { ip: "203.0.113.5", userAgent: "curl/8.5.0" });
    const html = renderToStaticMarkup(await AccountPage({ searchParams: Promise.resolve({}) }));

    const section = (titleId: string) => {
      const start = html.indexOf(`<section class="card" aria-labelledby="${titleId}"`);
      expect(start).toBeGreaterThanOrEqual(0);
      return html.slice(start, html.indexOf("</section>", start));
    };
    const sessions = section("sessions-title");
    const apps = section("apps-title");
    expect(apps).toContain('<h2 id="apps-title">Apps and devices</h2>');
    expect(apps).toContain(`data-app-id="${familyId}"`);
    expect(apps).toContain("203.0.113.5");
    expect(apps).toContain(`value="revoke:${familyId}"`);
    expect(apps).not.toContain("No apps or devices");
    expect(sessions).not.toContain(familyId);
    expect(sessions).toContain("This device");
    // No other browser, but "Sign out everywhere else" would still revoke the app.
    expect(sessions).toContain("You are signed in on this device only.");
    expect(sessions).toContain("Sign out everywhere else");
  });

  it("ends the visit with a notice when the account was disabled while its session was alive", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "198.51.100.9", userAgent: "test" });
    jar.set(SESSION_COOKIE_NAME, cookie.value);
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    expect(await redirectTarget(AccountPage({ searchParams: Promise.resolve({}) }))).toBe(
      "/login?notice=session-ended",
    );
  });

  it("ends the visit with a notice when the account was deleted while its session was still cached", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "198.51.100.9", userAgent: "test" });
    jar.set(SESSION_COOKIE_NAME, cookie.value);
    await db.user.delete({ where: { id: user.id } });
    expect(await redirectTarget(AccountPage({ searchParams: Promise.resolve({}) }))).toBe(
      "/login?notice=session-ended",
    );
  });
});
