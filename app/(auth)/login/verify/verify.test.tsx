// Writes the instance's SecuritySettings row in one test: safe, as every test file has its own database.
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { idleState } from "@/components/forms/form-state";
import { redirectTarget } from "@/lib/testing/next";

type Options = { maxAge?: number; path?: string; httpOnly?: boolean; sameSite?: string; secure?: boolean };
const jar = new Map<string, { value: string; options?: Options }>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)!.value } : undefined),
    set: (name: string, value: string, options?: Options) =>
      options?.maxAge === 0 ? void jar.delete(name) : void jar.set(name, { value, options }),
  }),
  headers: async () =>
    new Headers({
      "user-agent": "vitest",
      "x-forwarded-for": "198.51.100.31",
      cookie: [...jar].map(([name, { value }]) => `${name}=${value}`).join("; "),
    }),
}));
vi.mock("@/app/auth/google-actions", () => ({ continueWithGoogleAction: async () => undefined }));

const { loginAction } = await import("../actions");
const { default: VerifyPage } = await import("./page");
const { verifyCodeAction } = await import("./actions");
const { MFA_COOKIE_NAME } = await import("@/lib/auth/mfa/browser-cookie");
const { insertUserWithTotp, totpCodeAt } = await import("@/lib/auth/mfa/test-fixtures");
const { generateRecoveryCodes } = await import("@/lib/auth/mfa/recovery-codes");
const { SESSION_COOKIE_NAME, authenticateCookieValue } = await import("@/lib/auth/session");
const { sha256 } = await import("@/lib/auth/tokens");
const { insertMember } = await import("@/lib/testing/org");
const { STRONG_PASSWORD, TEST_META } = await import("@/lib/testing/fixtures");
const { db } = await import("@/lib/db");

function loginForm(identifier: string, callbackUrl = "/admin/users") {
  const data = new FormData();
  data.set("identifier", identifier);
  data.set("password", STRONG_PASSWORD);
  data.set("callbackUrl", callbackUrl);
  return data;
}

function codeForm(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const page = (params: Record<string, string> = {}) => VerifyPage({ searchParams: Promise.resolve(params) });

beforeEach(() => jar.clear());

describe("the password step of /login for an account with a second factor", () => {
  it("starts no session: a short-lived, HttpOnly, SameSite=Lax cookie for /login, and on to /login/verify", async () => {
    const { user } = await insertUserWithTotp();
    expect(await redirectTarget(loginAction(idleState, loginForm(user.username)))).toBe(
      "/login/verify?callbackUrl=%2Fadmin%2Fusers",
    );
    expect(jar.has(SESSION_COOKIE_NAME)).toBe(false);
    const cookie = jar.get(MFA_COOKIE_NAME)!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.options).toEqual({ httpOnly: true, secure: false, sameSite: "lax", path: "/login", maxAge: 300 });
    expect(await db.signInChallenge.count({ where: { userId: user.id, kind: "BROWSER" } })).toBe(1);
  });

  it("keeps only a safe place to go on to", async () => {
    const { user } = await insertUserWithTotp();
    expect(await redirectTarget(loginAction(idleState, loginForm(user.username, "https://evil.example/")))).toBe(
      "/login/verify?callbackUrl=%2Faccount",
    );
  });
});

describe("/login/verify", () => {
  it("without a live sign-in goes back to /login with a notice", async () => {
    expect(await redirectTarget(page())).toBe("/login?notice=mfa-expired");
    jar.set(MFA_COOKIE_NAME, { value: "A".repeat(43) });
    expect(await redirectTarget(page())).toBe("/login?notice=mfa-expired");
  });

  it("asks for the app's code (one-time-code, numeric), with a recovery code as the alternative", async () => {
    const { user } = await insertUserWithTotp();
    await generateRecoveryCodes(user.id, TEST_META);
    await redirectTarget(loginAction(idleState, loginForm(user.username)));
    const html = renderToStaticMarkup(await page({ callbackUrl: "/admin" }));
    const input = html.match(/<input id="verify-code-code"[^>]*>/)?.[0] ?? "";
    expect(input).toContain('name="code"');
    expect(input).toContain('autoComplete="one-time-code"');
    expect(input).toContain('inputMode="numeric"');
    expect(html).toContain("Use a recovery code");
    expect(html).toMatch(/name="recoveryCode"/);
    expect(html).toMatch(/name="callbackUrl" value="\/admin"/);
    expect(html).not.toContain("Use a passkey");
  });

  it("signs in with the right code: the session cookie, the challenge cookie gone, on to the page asked for", async () => {
    const { user, secret } = await insertUserWithTotp();
    await redirectTarget(loginAction(idleState, loginForm(user.username)));
    const code = await totpCodeAt(secret, Date.now());
    expect(await redirectTarget(verifyCodeAction(idleState, codeForm({ code, callbackUrl: "/admin/users" })))).toBe(
      "/admin/users",
    );
    expect(jar.has(MFA_COOKIE_NAME)).toBe(false);
    expect(await authenticateCookieValue(jar.get(SESSION_COOKIE_NAME)?.value)).toMatchObject({ userId: user.id });
  });

  it("says a wrong code is wrong and keeps the sign-in going; a recovery code works instead", async () => {
    const { user, secret } = await insertUserWithTotp();
    const [recovery] = await generateRecoveryCodes(user.id, TEST_META);
    await redirectTarget(loginAction(idleState, loginForm(user.username)));
    const right = await totpCodeAt(secret, Date.now());
    const state = await verifyCodeAction(idleState, codeForm({ code: right === "000000" ? "111111" : "000000" }));
    expect(state).toMatchObject({ status: "error", message: "That code is not correct." });
    expect(jar.has(SESSION_COOKIE_NAME)).toBe(false);
    const malformed = await verifyCodeAction(idleState, codeForm({ code: "12" }));
    expect(malformed.fieldErrors).toHaveProperty("code");
    expect(await redirectTarget(verifyCodeAction(idleState, codeForm({ recoveryCode: recovery! })))).toBe("/account");
    expect(jar.has(SESSION_COOKIE_NAME)).toBe(true);
  });

  it("an expired sign-in goes back to /login with a notice and drops its cookie", async () => {
    const { user, secret } = await insertUserWithTotp();
    await redirectTarget(loginAction(idleState, loginForm(user.username)));
    await db.signInChallenge.update({
      where: { tokenHash: sha256(jar.get(MFA_COOKIE_NAME)!.value) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const code = await totpCodeAt(secret, Date.now());
    expect(await redirectTarget(verifyCodeAction(idleState, codeForm({ code })))).toBe("/login?notice=mfa-expired");
    expect(jar.has(MFA_COOKIE_NAME)).toBe(false);
    expect(await redirectTarget(verifyCodeAction(idleState, codeForm({ code })))).toBe("/login?notice=mfa-expired");
  });
});

describe("signing in to an account the second-factor policy covers, without a factor", () => {
  it("goes to /account?notice=mfa-required instead of the page asked for", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    await db.securitySettings.create({ data: { id: 1, mfaRequiredLevel: 1 } });
    expect(await redirectTarget(loginAction(idleState, loginForm(admin.username)))).toBe(
      "/account?notice=mfa-required",
    );
    expect(jar.has(SESSION_COOKIE_NAME)).toBe(true);
    await db.securitySettings.deleteMany({});
  });
});
