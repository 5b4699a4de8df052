import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { redirectTarget } from "@/lib/testing/next";

// A cookie store like the one Next gives a server action.
const jar = new Map<string, { value: string; options?: unknown }>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)!.value } : undefined),
    set: (name: string, value: string, options?: unknown) => void jar.set(name, { value, options }),
  }),
}));

const { requireActionSession } = await import("./action-session");
const { RENEW_AFTER_SECONDS, SESSION_COOKIE_NAME, createSession, revokeAllSessions } =
  await import("@/lib/auth/session");
const { insertUser } = await import("@/lib/testing/fixtures");

async function signedIn() {
  const user = await insertUser();
  const { sessionId, cookie } = await createSession(user.id, { ip: "198.51.100.8", userAgent: "test" });
  jar.set(SESSION_COOKIE_NAME, { value: cookie.value });
  return { user, sessionId, cookie };
}

describe("requireActionSession", () => {
  beforeEach(() => jar.clear());
  afterEach(() => vi.useRealTimers());

  it("returns the session and leaves a fresh cookie alone", async () => {
    const { user, sessionId, cookie } = await signedIn();
    const session = await requireActionSession();
    expect(session).toMatchObject({ userId: user.id, sessionId });
    expect(jar.get(SESSION_COOKIE_NAME)).toEqual({ value: cookie.value });
  });

  it("writes the re-issued cookie when sliding renewal is due", async () => {
    const { user, cookie } = await signedIn();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (RENEW_AFTER_SECONDS + 60) * 1000);
    const session = await requireActionSession();
    expect(session.userId).toBe(user.id);
    const written = jar.get(SESSION_COOKIE_NAME);
    expect(written?.value).toBe(session.renewedCookie?.value);
    expect(written?.value).not.toBe(cookie.value);
    expect(written?.options).toEqual(session.renewedCookie?.options);
  });

  it("sends a visitor whose session was revoked to sign in, told their session ended, and back to /account", async () => {
    const { user } = await signedIn();
    await revokeAllSessions(user.id);
    expect(await redirectTarget(requireActionSession())).toBe("/login?notice=session-ended&callbackUrl=%2Faccount");
  });
});
