import { beforeEach, describe, expect, it, vi } from "vitest";
import { redirectTarget } from "@/lib/testing/next";
import type * as ConfigModule from "@/lib/config";

// The request's cookie jar and Auth.js's signIn, replaced: this tests what the action does around them.
const jar = new Map<string, { value: string; options?: unknown }>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)!.value } : undefined),
    set: (name: string, value: string, options?: unknown) => void jar.set(name, { value, options }),
  }),
}));
const signIn = vi.fn();
vi.mock("@/lib/oauth/nextauth", () => ({ signIn: (...args: unknown[]) => signIn(...args) }));
vi.mock("@/lib/config", async (importOriginal) => {
  const original = await importOriginal<typeof ConfigModule>();
  return {
    config: { ...original.config, google: { clientId: "id", clientSecret: "secret", issuer: "http://127.0.0.1:9" } },
  };
});

const { startGoogleSignIn } = await import("./google-sign-in");
const { SESSION_COOKIE_NAME, createSession, revokeAllSessions } = await import("@/lib/auth/session");
const { insertUser } = await import("@/lib/testing/fixtures");
const { ACCOUNTS_COOKIE_NAME, MAX_ACCOUNTS } = await import("@/lib/auth/session");
const { accountsCookie, decodeAccounts } = await import("@/lib/auth/session/accounts-cookie");
const { decodeSessionToken } = await import("@/lib/auth/session/cookie");
const { ADD_ACCOUNT_COOKIE_NAME } = await import("@/lib/oauth/add-account-marker");

const meta = { ip: "198.51.100.7", userAgent: "test" };
/** A live session of a new user: its cookie value and its claims as an accounts-cookie entry. */
async function liveSession() {
  const user = await insertUser();
  const { cookie } = await createSession(user.id, meta);
  const claims = (await decodeSessionToken(cookie.value))!;
  return { user, value: cookie.value, entry: { sub: claims.sub, sid: claims.sid, aexp: claims.aexp } };
}

describe("startGoogleSignIn", () => {
  beforeEach(() => {
    jar.clear();
    signIn.mockReset();
  });

  it("hands the callback path to Auth.js, which redirects to the provider", async () => {
    signIn.mockImplementation(async () => {
      const { redirect } = await import("next/navigation");
      redirect("http://127.0.0.1:9/auth?client_id=id");
    });
    expect(await redirectTarget(startGoogleSignIn("/account"))).toBe("http://127.0.0.1:9/auth?client_id=id");
    expect(signIn).toHaveBeenCalledWith("google", { redirectTo: "/account" }, undefined);
  });

  it("asks Google to sign the person in afresh for a re-authentication (step-up)", async () => {
    signIn.mockRejectedValue(new Error("stop here"));
    await redirectTarget(startGoogleSignIn("/account", { reauthenticate: true }));
    expect(signIn).toHaveBeenCalledWith("google", { redirectTo: "/account" }, { prompt: "login", max_age: "0" });
  });

  it("lands on the friendly page when the provider cannot be reached", async () => {
    signIn.mockRejectedValue(Object.assign(new Error("fetch failed"), { type: "SignInError" }));
    expect(await redirectTarget(startGoogleSignIn("/account"))).toBe("/auth/error?error=provider_unavailable");
  });

  it("drops a revoked session's cookie before the flow, and keeps a live one (linking needs it)", async () => {
    signIn.mockRejectedValue(new Error("stop here"));
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "198.51.100.7", userAgent: "test" });
    jar.set(SESSION_COOKIE_NAME, { value: cookie.value });
    await redirectTarget(startGoogleSignIn("/account"));
    expect(jar.get(SESSION_COOKIE_NAME)?.value).toBe(cookie.value);

    await revokeAllSessions(user.id);
    await redirectTarget(startGoogleSignIn("/account"));
    expect(jar.get(SESSION_COOKIE_NAME)?.value).toBe("");
  });

  it("adding an account moves the active one beside the others first (so Google cannot link to it) and marks the flow", async () => {
    signIn.mockRejectedValue(new Error("stop here"));
    const [active, other] = [await liveSession(), await liveSession()];
    jar.set(SESSION_COOKIE_NAME, { value: active.value });
    jar.set(ACCOUNTS_COOKIE_NAME, { value: (await accountsCookie([other.entry])).value });
    await redirectTarget(startGoogleSignIn("/account", { addAccount: true }));
    expect(jar.get(SESSION_COOKIE_NAME)?.value).toBe("");
    const parked = await decodeAccounts(jar.get(ACCOUNTS_COOKIE_NAME)?.value);
    expect(parked.map((entry) => entry.sub)).toEqual([active.user.id, other.user.id]);
    expect(jar.get(ADD_ACCOUNT_COOKIE_NAME)?.value).toBe("1");
    expect(signIn).toHaveBeenCalled();
  });

  it(`refuses to add one more account to a browser that holds ${MAX_ACCOUNTS}, before Google is asked`, async () => {
    const sessions = await Promise.all(Array.from({ length: MAX_ACCOUNTS }, () => liveSession()));
    jar.set(SESSION_COOKIE_NAME, { value: sessions[0]!.value });
    jar.set(ACCOUNTS_COOKIE_NAME, { value: (await accountsCookie(sessions.slice(1).map((s) => s.entry))).value });
    expect(await redirectTarget(startGoogleSignIn("/account", { addAccount: true }))).toBe(
      "/login?addAccount=1&notice=too-many-accounts",
    );
    expect(signIn).not.toHaveBeenCalled();
    expect(jar.get(SESSION_COOKIE_NAME)?.value).toBe(sessions[0]!.value);
  });
});
