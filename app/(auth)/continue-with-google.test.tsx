import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type * as ConfigModule from "@/lib/config";

const google = vi.hoisted(() => ({
  current: null as null | { clientId: string; clientSecret: string; issuer: string },
}));
vi.mock("@/lib/config", async (importOriginal) => {
  const original = await importOriginal<typeof ConfigModule>();
  return {
    config: new Proxy(original.config, {
      get: (target, key) => (key === "google" ? google.current : target[key as keyof typeof target]),
    }),
  };
});
// The server action module is only referenced by the form, never called here.
vi.mock("@/app/auth/google-actions", () => ({ continueWithGoogleAction: async () => undefined }));

const { ContinueWithGoogle } = await import("./continue-with-google");

describe("ContinueWithGoogle", () => {
  it("renders nothing when Google sign-in is not configured", () => {
    google.current = null;
    expect(ContinueWithGoogle({ callbackUrl: "/account" })).toBeNull();
  });

  it("renders Google's button, then an 'or', with the callback path when it is", () => {
    google.current = { clientId: "id", clientSecret: "secret", issuer: "https://accounts.google.com" };
    const html = renderToStaticMarkup(ContinueWithGoogle({ callbackUrl: "/account/settings" })!);
    expect(html).toContain("Sign in with Google");
    expect(html).toContain('name="callbackUrl" value="/account/settings"');
    expect(html.indexOf("Sign in with Google")).toBeLessThan(html.indexOf(">or</p>"));
    // The four-colour "G" is decoration: the button's name is its text.
    expect(html).toMatch(/<svg aria-hidden="true"[^>]*viewBox="0 0 48 48"/);
  });

  it("says 'Sign up with Google' on the registration page", () => {
    google.current = { clientId: "id", clientSecret: "secret", issuer: "https://accounts.google.com" };
    const html = renderToStaticMarkup(ContinueWithGoogle({ mode: "sign-up" })!);
    expect(html).toContain("Sign up with Google");
    expect(html).not.toContain("Sign in with Google");
  });
});
