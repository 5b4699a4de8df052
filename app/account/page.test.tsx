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

const { default: ProfilePage } = await import("./page");
const { default: SecurityPage } = await import("./security/page");
const { default: SessionsPage } = await import("./sessions/page");
const { SESSION_COOKIE_NAME, createSession } = await import("@/lib/auth/session");
const { startTokenFamily } = await import("@/lib/auth/api-tokens");
const { insertUser } = await import("@/lib/testing/fixtures");
const { config } = await import("@/lib/config");
const { db } = await import("@/lib/db");

type Page = (props: { searchParams: Promise<Record<string, string>> }) => Promise<React.ReactElement>;
const PAGES: Array<[string, Page, string]> = [
  ["/account", ProfilePage, "Profile"],
  ["/account/security", SecurityPage, "Security"],
  ["/account/sessions", SessionsPage, "Sessions"],
];

const render = async (page: Page, searchParams: Record<string, string> = {}) =>
  renderToStaticMarkup(await page({ searchParams: Promise.resolve(searchParams) }));

async function signIn(options: Parameters<typeof insertUser>[0] = {}) {
  const user = await insertUser(options);
  const { cookie, sessionId } = await createSession(user.id, { ip: "198.51.100.9", userAgent: "test" });
  jar.set(SESSION_COOKIE_NAME, cookie.value);
  return { user, sessionId };
}

describe("the account's pages", () => {
  beforeEach(() => jar.clear());

  it.each(PAGES)("%s sends a visitor without a session to sign in and back to it", async (path, page) => {
    expect(await redirectTarget(page({ searchParams: Promise.resolve({}) }))).toBe(
      `/login?callbackUrl=${encodeURIComponent(path)}`,
    );
  });

  it.each(PAGES)(
    "%s has one main, one h1 (%s), and the tabs with it marked as the current page",
    async (path, page, title) => {
      await signIn();
      const html = await render(page);
      expect(html.match(/<main[ >]/g)).toHaveLength(1);
      expect(html.match(/<h1[ >]/g)).toHaveLength(1);
      expect(html).toMatch(new RegExp(`<h1[^>]*>${title}</h1>`));
      expect(html).toContain('<nav aria-label="Settings"');
      expect(html.match(/aria-current="page"/g)).toHaveLength(1);
      expect(html).toMatch(new RegExp(`<a aria-current="page"[^>]*href="${path}">${title}</a>`));
      expect(html).not.toContain("style=");
    },
  );

  it.each(PAGES)(
    "%s ends the visit with a notice when the account was disabled while its session was alive",
    async (_, page) => {
      const { user } = await signIn();
      await db.user.update({ where: { id: user.id }, data: { isActive: false } });
      expect(await redirectTarget(page({ searchParams: Promise.resolve({}) }))).toBe("/login?notice=session-ended");
    },
  );

  it("ends the visit with a notice when the account was deleted while its session was still cached", async () => {
    const { user } = await signIn();
    await db.user.delete({ where: { id: user.id } });
    expect(await redirectTarget(ProfilePage({ searchParams: Promise.resolve({}) }))).toBe(
      "/login?notice=session-ended",
    );
  });
});

describe("/account (Profile)", () => {
  beforeEach(() => jar.clear());

  it("shows who is signed in, the profile, photo and username forms, and only the notices it knows", async () => {
    const { user } = await signIn();
    const html = await render(ProfilePage);
    expect(html).toContain(`Signed in as ${user.username}`);
    expect(html).toContain(user.email);
    expect(html).toContain('<form id="profile"');
    expect(html).toContain("Profile photo");
    expect(html).toContain('<form id="username"');
    expect(html).not.toContain("Change password");
    expect(html).not.toContain("Active sessions");
    expect(await render(ProfilePage, { notice: "activated" })).toContain("Your account is active");
    // Unknown notices (including inherited object keys) show nothing rather than failing.
    for (const notice of ["__proto__", "constructor", "nope"]) {
      expect(await render(ProfilePage, { notice })).not.toMatch(/Your account is active|Thanks for confirming/);
    }
  });

  it("passes notices about sign-in settings on to Security (older links and redirects point at /account)", async () => {
    await signIn();
    for (const notice of ["mfa-required", "confirmed"]) {
      expect(await redirectTarget(ProfilePage({ searchParams: Promise.resolve({ notice }) }))).toBe(
        `/account/security?notice=${notice}`,
      );
    }
  });
});

describe("/account/security", () => {
  beforeEach(() => jar.clear());

  it("shows the password, second factors, passkeys and activity, and the notices that belong here", async () => {
    await signIn();
    const html = await render(SecurityPage);
    for (const title of ["Change password", "Two-step verification", "Passkeys", "Security activity"])
      expect(html).toContain(title);
    expect(html).not.toContain("Signed in as");
    expect(await render(SecurityPage, { notice: "confirmed" })).toContain("Thanks for confirming it");
    expect(await render(SecurityPage, { notice: "mfa-required" })).toContain("Your role requires a second factor");
    expect(await render(SecurityPage, { notice: "activated" })).not.toContain("Your account is active");
  });

  it("says nothing of Google where it is not configured, unless the account still has it linked", async () => {
    expect(config.google).toBeNull();
    await signIn();
    const html = await render(SecurityPage);
    expect(html).not.toContain("Sign-in methods");
    expect(html).not.toContain("<dt>Google</dt>");
    expect(html).not.toContain("Link Google");
  });

  it("offers an account without a password to set one under “Sign-in methods”, without Google", async () => {
    await signIn({ password: null });
    const html = await render(SecurityPage);
    expect(html).not.toContain("Change password");
    expect(html).toContain("Sign-in methods");
    expect(html).toContain('name="password"');
    expect(html).not.toContain("<dt>Google</dt>");
    expect(html).not.toContain("Link Google");
  });
});

describe("/account/sessions", () => {
  beforeEach(() => jar.clear());

  it("lists browser sessions under “Active sessions” and token families under “Apps and devices”", async () => {
    const { user, sessionId } = await signIn();
    const { familyId } = await startTokenFamily(user.id, { ip: "203.0.113.5", userAgent: "curl/8.5.0" });
    const html = await render(SessionsPage);

    const section = (titleId: string) => {
      const start = html.indexOf(`<section aria-labelledby="${titleId}"`);
      expect(start).toBeGreaterThanOrEqual(0);
      return html.slice(start, html.indexOf("</section>", start));
    };
    const sessions = section("sessions-title");
    const apps = section("apps-title");
    expect(apps).toMatch(/<h2 [^>]*id="apps-title">Apps and devices<\/h2>/);
    expect(apps).toContain(`data-app-id="${familyId}"`);
    expect(apps).toContain("203.0.113.5");
    expect(apps).toContain(`value="revoke:${familyId}"`);
    expect(apps).not.toContain("No apps or devices");
    expect(sessions).toContain(`data-session-id="${sessionId}"`);
    expect(sessions).not.toContain(familyId);
    expect(sessions).toContain("This device");
    // No other browser, but "Sign out everywhere else" would still revoke the app.
    expect(sessions).toContain("You are signed in on this device only.");
    expect(sessions).toContain("Sign out everywhere else");
  });

  it("says so when no app uses the account", async () => {
    await signIn();
    expect(await render(SessionsPage)).toContain("No apps or devices use your account through the API.");
  });
});
