import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { idleState } from "@/components/forms/form-state";
import { redirectTarget } from "@/lib/testing/next";

// The unlock email is queued in the background of the failure that locks: give it time on a busy machine.
const POLL = { timeout: 15_000 };

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.44" }),
}));

const { default: UnlockPage, metadata } = await import("./page");
const { unlockAction } = await import("./actions");
const { guardedPasswordCheck } = await import("@/lib/auth/brute-force");
const { verifyCredentials } = await import("@/lib/auth/session/sign-in");
const { config } = await import("@/lib/config");
const { insertUser, lastToken, queuedEmails } = await import("@/lib/testing/fixtures");

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});

async function lockedAccount() {
  const user = await insertUser();
  for (let i = 0; i < config.auth.lockoutThreshold; i++) {
    await guardedPasswordCheck({ userId: user.id }, { ip: `198.18.4.${i}`, userAgent: "vitest" }, async () => false);
    vi.setSystemTime(Date.now() + 16 * 60 * 1000);
  }
  await expect.poll(async () => (await queuedEmails(user.email)).length, POLL).toBe(1);
  return { user, token: await lastToken(user.email, "account-unlock") };
}

const signsIn = (user: { username: string; password: string }) =>
  verifyCredentials(user.username, user.password, { ip: "198.18.4.200", userAgent: "vitest" }).then(
    () => true,
    () => false,
  );

function form(token: string): FormData {
  const data = new FormData();
  data.set("token", token);
  return data;
}

describe("/unlock", () => {
  it("opening the link changes nothing: the page only shows a button that posts the token", async () => {
    const { user, token } = await lockedAccount();
    const html = renderToStaticMarkup(await UnlockPage({ searchParams: Promise.resolve({ token }) }));
    expect(html).toContain("Unlock my account");
    expect(html).toContain(`name="token" value="${token}"`);
    expect(await signsIn(user)).toBe(false);
    expect(metadata.referrer).toBe("no-referrer");
  });

  it("the button unlocks the account and goes on to sign in; the link then no longer works", async () => {
    const { user, token } = await lockedAccount();
    expect(await redirectTarget(unlockAction(idleState, form(token)))).toBe("/login?notice=unlocked");
    expect(await signsIn(user)).toBe(true);
    expect(await unlockAction(idleState, form(token))).toMatchObject({
      status: "error",
      message: "This unlock link is invalid, has expired or has already been used.",
    });
  });

  it("says so when the link is incomplete", async () => {
    const html = renderToStaticMarkup(await UnlockPage({ searchParams: Promise.resolve({}) }));
    expect(html).toContain("This unlock link is incomplete");
    expect(await unlockAction(idleState, form(""))).toMatchObject({ status: "error" });
  });
});
