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
});
