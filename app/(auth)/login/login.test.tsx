import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { idleState } from "@/components/forms/form-state";
import { redirectTarget } from "@/lib/testing/next";

// The request as Next gives it to a page or server action: a cookie jar, and headers whose
// Cookie header reflects the jar.
const jar = new Map<string, string>();
const client = { address: "198.51.100.30" };
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
  }),
  headers: async () =>
    new Headers({
      "user-agent": "vitest",
      "x-forwarded-for": client.address,
      cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
    }),
}));
// Auth.js is only reached through "Continue with Google", never here.
vi.mock("@/app/auth/google-actions", () => ({ continueWithGoogleAction: async () => undefined }));

const { default: LoginPage } = await import("./page");
const { loginAction } = await import("./actions");
const { SESSION_COOKIE_NAME, authenticateCookieValue, createSession } = await import("@/lib/auth/session");
const { DEVICE_COOKIE_NAME } = await import("@/lib/auth/device-cookie");
const { insertUser } = await import("@/lib/testing/fixtures");
const { config } = await import("@/lib/config");
const { db } = await import("@/lib/db");

function form(identifier: string, password: string): FormData {
  const data = new FormData();
  data.set("identifier", identifier);
  data.set("password", password);
  data.set("callbackUrl", "/account");
  return data;
}

const page = (params: Record<string, string>) => LoginPage({ searchParams: Promise.resolve(params) });

describe("/login", () => {
  beforeEach(() => jar.clear());

  it("renders for any notice in the URL, showing only its own fixed texts", async () => {
    const plain = renderToStaticMarkup(await page({}));
    for (const notice of ["__proto__", "constructor", "toString", "hasOwnProperty", "<b>hi</b>"])
      expect(renderToStaticMarkup(await page({ notice }))).toBe(plain);
    expect(renderToStaticMarkup(await page({ notice: "signed-out" }))).toContain("You have signed out.");
    expect(renderToStaticMarkup(await page({ notice: "unlocked" }))).toContain("Your account is unlocked.");
  });
});

describe("loginAction", () => {
  beforeEach(() => {
    jar.clear();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("revokes the session the browser's cookie carried, like the login API", async () => {
    const user = await insertUser();
    const previous = await createSession(user.id, { ip: "198.51.100.30", userAgent: "vitest" });
    jar.set(SESSION_COOKIE_NAME, previous.cookie.value);
    expect(await redirectTarget(loginAction(idleState, form(user.username, user.password)))).toBe("/account");
    expect(await authenticateCookieValue(previous.cookie.value)).toBeNull();
    expect(jar.get(SESSION_COOKIE_NAME)).not.toBe(previous.cookie.value);
    expect(await authenticateCookieValue(jar.get(SESSION_COOKIE_NAME))).not.toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("sets the device cookie, which keeps this browser signing in while the account is locked", async () => {
    const user = await insertUser();
    await redirectTarget(loginAction(idleState, form(user.email, user.password)));
    expect(jar.get(DEVICE_COOKIE_NAME)).toMatch(/^[\w-]{22}\.[0-9a-z]+\.[\w-]{43}$/);
    const device = jar.get(DEVICE_COOKIE_NAME)!;

    // Someone else's browsers lock the account: no device cookie, a new address each time.
    jar.clear();
    let state;
    for (let i = 0; i < config.auth.lockoutThreshold + 1; i++) {
      client.address = `198.51.100.${100 + i}`;
      state = await loginAction(idleState, form(user.username, "Wrong-password-1"));
      vi.setSystemTime(Date.now() + 16 * 60 * 1000);
    }
    expect(state?.message).toContain("the unlock link we emailed you");
    // An unknown identifier in the same state reads exactly the same.
    for (let i = 0; i < config.auth.lockoutThreshold + 1; i++) {
      client.address = `198.51.100.${100 + i}`;
      state = await loginAction(idleState, form("nobody-by-that-name", "Wrong-password-1"));
      vi.setSystemTime(Date.now() + 16 * 60 * 1000);
    }
    expect(state?.message).toContain("the unlock link we emailed you");

    jar.set(DEVICE_COOKIE_NAME, device);
    expect(await redirectTarget(loginAction(idleState, form(user.username, user.password)))).toBe("/account");
  });

  it("says a disabled account is disabled only after the right password", async () => {
    const user = await insertUser();
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date(), isActive: false } });
    expect(await loginAction(idleState, form(user.username, "Wrong-password-1"))).toMatchObject({
      status: "error",
      message: "Invalid username/email or password.",
    });
    const state = await loginAction(idleState, form(user.username, user.password));
    expect(state).toMatchObject({ status: "error", message: expect.stringContaining("disabled") });
    expect(jar.has(SESSION_COOKIE_NAME)).toBe(false);
  });
});
