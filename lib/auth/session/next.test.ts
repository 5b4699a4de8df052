import { beforeEach, describe, expect, it, vi } from "vitest";
import { redirectTarget } from "../../testing/next";

// The cookie store Next gives a server component or server action.
const jar = new Map<string, { value: string; options?: unknown }>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)!.value } : undefined),
    set: (name: string, value: string, options?: unknown) => void jar.set(name, { value, options }),
  }),
}));

const { getCurrentSession, requireSessionOrRedirect, writeSessionCookie } = await import("./next");
const { SESSION_COOKIE_NAME } = await import("./cookie");
const { insertSignedInUser } = await import("../../testing/fixtures");
const { clearedSessionCookie, revokeAllSessions } = await import("./registry");

beforeEach(() => jar.clear());

describe("sessions in server components and server actions", () => {
  it("reads the session from the request's session cookie, and null without one", async () => {
    expect(await getCurrentSession()).toBeNull();
    const { user, sessionId, cookie } = await insertSignedInUser();
    jar.set(SESSION_COOKIE_NAME, { value: cookie });
    expect(await getCurrentSession()).toMatchObject({ userId: user.id, sessionId });
  });

  it("a page without a session redirects to sign in and back to the page", async () => {
    expect(await redirectTarget(requireSessionOrRedirect("/account/sessions?tab=all"))).toBe(
      "/login?callbackUrl=%2Faccount%2Fsessions%3Ftab%3Dall",
    );
  });

  it('a revoked session\'s cookie lands on the "your session has ended" notice, and back to the page', async () => {
    const { user, cookie } = await insertSignedInUser();
    jar.set(SESSION_COOKIE_NAME, { value: cookie });
    await revokeAllSessions(user.id);
    expect(await redirectTarget(requireSessionOrRedirect("/account"))).toBe(
      "/login?notice=session-ended&callbackUrl=%2Faccount",
    );
  });

  it("a page with a session gets it", async () => {
    const { user, cookie } = await insertSignedInUser();
    jar.set(SESSION_COOKIE_NAME, { value: cookie });
    expect(await requireSessionOrRedirect("/account")).toMatchObject({ userId: user.id });
  });

  it("writes a cookie with its name, value and options", async () => {
    const cleared = clearedSessionCookie();
    jar.set(SESSION_COOKIE_NAME, { value: "old" });
    await writeSessionCookie(cleared);
    expect(jar.get(SESSION_COOKIE_NAME)).toEqual({ value: "", options: cleared.options });
  });
});
