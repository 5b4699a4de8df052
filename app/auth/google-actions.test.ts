import { describe, expect, it, vi } from "vitest";

// The Google flow itself is tested in google-sign-in.test.ts; here only where the action sends it.
const startGoogleSignIn = vi.fn(async (_redirectTo: string) => undefined);
vi.mock("./google-sign-in", () => ({ startGoogleSignIn: (redirectTo: string) => startGoogleSignIn(redirectTo) }));

const { continueWithGoogleAction } = await import("./google-actions");

function form(callbackUrl?: string): FormData {
  const data = new FormData();
  if (callbackUrl !== undefined) data.set("callbackUrl", callbackUrl);
  return data;
}

describe("continueWithGoogleAction", () => {
  it.each([
    ["/account?tab=sessions", "/account?tab=sessions"],
    [undefined, "/account"],
    ["https://evil.example/phish", "/account"],
    ["//evil.example", "/account"],
    // Coming back to a sign-in page after signing in would only bounce on to /account.
    ["/login", "/account"],
    ["/register?x=1", "/account"],
  ])("callbackUrl %j goes to %s after the Google sign-in", async (callbackUrl, expected) => {
    startGoogleSignIn.mockClear();
    await continueWithGoogleAction(form(callbackUrl));
    expect(startGoogleSignIn).toHaveBeenCalledExactlyOnceWith(expected);
  });
});
