import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { idleState } from "@/components/forms/form-state";
import { redirectTarget } from "@/lib/testing/next";

// The request as Next gives it to pages and server actions: its cookies and headers.
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
  }),
  headers: async () => new Headers({ "user-agent": "vitest" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
// Auth.js is only reached through the account page's "Link Google" action, never called here.
vi.mock("@/lib/oauth/nextauth", () => ({ signIn: async () => undefined }));

const { confirmTotpAction, regenerateRecoveryCodesAction, removeTotpAction, startTotpAction } =
  await import("./mfa-actions");
const { SecondFactorSection } = await import("./second-factor-section");
const { describeEvent } = await import("./security-activity");
const { default: SecurityPage } = await import("./security/page");
const { default: TotpSetupPage } = await import("./totp/page");
const { default: RecoveryCodesPage } = await import("./recovery-codes/page");
const { SESSION_COOKIE_NAME, createSession } = await import("@/lib/auth/session");
const { ageSession, insertUserWithTotp, totpCodeAt } = await import("@/lib/auth/mfa/test-fixtures");
const { consumeRecoveryCode } = await import("@/lib/auth/mfa/recovery-codes");
const { keepCodesToShowOnce } = await import("@/lib/auth/mfa/shown-once");
const { mfaOverview } = await import("@/lib/auth/mfa/overview");
const { db } = await import("@/lib/db");
const { insertUser, TEST_META } = await import("@/lib/testing/fixtures");

async function signIn(userId: string) {
  const { sessionId, cookie } = await createSession(userId, TEST_META);
  jar.set(SESSION_COOKIE_NAME, cookie.value);
  return { sessionId, cookie: cookie.value };
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** The text of the rendered HTML, tags removed (what a person reads). */
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the “Two-step verification” section", () => {
  const base = { totp: { enabled: false, pending: false, enabledAt: null }, passkeys: 0, recoveryCodesLeft: 0 };

  it("offers to set up an app when there is none, without recovery codes to manage", () => {
    const html = renderToStaticMarkup(<SecondFactorSection overview={base} />);
    expect(html).toMatch(/<h2 [^>]*id="second-factor-title">Two-step verification<\/h2>/);
    expect(text(html)).toContain("Authenticator app Not set up");
    expect(html).toContain("Set up authenticator app");
    expect(html).not.toContain("Recovery codes");
    expect(html).not.toContain("style=");
  });

  it("links to an unfinished setup", () => {
    const html = renderToStaticMarkup(
      <SecondFactorSection overview={{ ...base, totp: { ...base.totp, pending: true } }} />,
    );
    expect(text(html)).toContain("Setup not finished");
    expect(html).toContain('href="/account/totp"');
    expect(html).toContain("Start again");
  });

  it("shows an app that is on, the codes left, a confirmed removal and new codes", () => {
    const overview = {
      ...base,
      totp: { enabled: true, pending: false, enabledAt: new Date("2026-12-01T10:00:00Z") },
      recoveryCodesLeft: 7,
    };
    const html = renderToStaticMarkup(<SecondFactorSection overview={overview} />);
    expect(text(html)).toMatch(/Authenticator app On since/);
    expect(text(html)).toContain("Recovery codes 7 codes left");
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*name="confirm"[^>]*value="yes"/);
    expect(html).toContain("Remove authenticator app");
    expect(html).toContain("Generate new recovery codes");
    expect(html).not.toContain("Set up authenticator app");
  });
});

describe("/account/security", () => {
  beforeEach(() => jar.clear());

  it("shows “Two-step verification” between the password and the passkeys", async () => {
    const { user } = await insertUserWithTotp();
    await signIn(user.id);
    const html = renderToStaticMarkup(await SecurityPage({ searchParams: Promise.resolve({}) }));
    const at = (marker: string) => html.indexOf(marker);
    expect(at("Change password")).toBeGreaterThan(0);
    expect(at("Two-step verification")).toBeGreaterThan(at("Change password"));
    expect(at("Two-step verification")).toBeLessThan(at("Passkeys"));
    expect(html).toContain("Remove authenticator app");
  });
});

describe("security activity", () => {
  it("names the authenticator app and recovery code events in plain words", () => {
    expect(describeEvent("mfa.totp_enrolled")).toBe("Set up an authenticator app");
    expect(describeEvent("mfa.totp_removed")).toBe("Removed the authenticator app");
    expect(describeEvent("mfa.recovery_codes_generated")).toBe("New recovery codes generated");
    expect(describeEvent("mfa.recovery_code_used")).toBe("Used a recovery code");
  });
});

describe("setting up an authenticator app on /account/security", () => {
  beforeEach(() => jar.clear());

  it("starts, shows the QR code and key, confirms, then shows the ten recovery codes once", async () => {
    const user = await insertUser();
    await signIn(user.id);
    expect(await redirectTarget(startTotpAction(idleState))).toBe("/account/totp");

    const page = renderToStaticMarkup(await TotpSetupPage());
    expect(page).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" width="200" height="200" alt="QR code/);
    const secret = /<code id="totp-secret"[^>]*>([A-Z2-7 ]+)<\/code>/.exec(page)![1]!.replace(/ /g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page).not.toContain("style=");

    const wrong = await confirmTotpAction(idleState, form({ code: "12345" }));
    expect(wrong).toMatchObject({ status: "error", fieldErrors: { code: [expect.any(String)] } });
    expect(JSON.stringify(wrong)).not.toContain("12345");

    const code = await totpCodeAt(secret, Date.now());
    expect(await redirectTarget(confirmTotpAction(idleState, form({ code })))).toBe("/account/recovery-codes");
    expect((await mfaOverview(user.id)).totp.enabled).toBe(true);

    const codesPage = renderToStaticMarkup(await RecoveryCodesPage());
    const codes = [...codesPage.matchAll(/<li><code>([0-9a-z-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(await consumeRecoveryCode(user.id, codes[0]!)).toBe(true);
    // Shown once: a reload shows none, and another session never saw them.
    expect(renderToStaticMarkup(await RecoveryCodesPage())).toContain("shown only once");
    expect(codesPage).toContain("Save these codes now");

    // Set up: the setup page now says so.
    expect(text(renderToStaticMarkup(await TotpSetupPage()))).toContain("Your authenticator app is on.");
  });

  it("asks a session that signed in long ago to confirm it's you first", async () => {
    const user = await insertUser();
    const { cookie } = await signIn(user.id);
    await ageSession(cookie);
    const refused = await startTotpAction(idleState);
    expect(refused).toMatchObject({
      status: "error",
      help: { href: "/account/confirm?next=%2Faccount%2Fsecurity", label: "Confirm it's you" },
    });
    expect(await db.totpFactor.count({ where: { userId: user.id } })).toBe(0);
  });

  it("does not show a pending setup's key to a session that signed in long ago", async () => {
    const user = await insertUser();
    const { cookie } = await signIn(user.id);
    expect(await redirectTarget(startTotpAction(idleState))).toBe("/account/totp");
    await ageSession(cookie);
    const page = renderToStaticMarkup(await TotpSetupPage());
    expect(page).toContain('href="/account/confirm?next=%2Faccount%2Fsecurity"');
    expect(page).not.toContain("totp-secret");
    expect(page).not.toContain("data:image");
  });

  it("sends the setup page back to /account/security when nothing was started", async () => {
    const user = await insertUser();
    await signIn(user.id);
    expect(await redirectTarget(TotpSetupPage())).toBe("/account/security#two-step-verification");
  });
});

describe("managing the app and the recovery codes on /account/security", () => {
  beforeEach(() => jar.clear());

  it("removes the app only once the box is ticked", async () => {
    const { user } = await insertUserWithTotp();
    await signIn(user.id);
    const unticked = await removeTotpAction(idleState, form({}));
    expect(unticked).toMatchObject({ status: "error", fieldErrors: { confirm: [expect.any(String)] } });
    expect(await db.totpFactor.count({ where: { userId: user.id } })).toBe(1);
    expect(await removeTotpAction(idleState, form({ confirm: "yes" }))).toMatchObject({ status: "success" });
    expect(await db.totpFactor.count({ where: { userId: user.id } })).toBe(0);
  });

  it("generates new recovery codes and shows them on the next page, once", async () => {
    const { user } = await insertUserWithTotp();
    const { sessionId } = await signIn(user.id);
    expect(await redirectTarget(regenerateRecoveryCodesAction(idleState))).toBe("/account/recovery-codes");
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
    // Another session of the same user finds nothing to show.
    await keepCodesToShowOnce(`${sessionId}-other`, ["never-shown"]);
    const html = renderToStaticMarkup(await RecoveryCodesPage());
    expect([...html.matchAll(/<li><code>/g)]).toHaveLength(10);
    expect(html).not.toContain("never-shown");
  });

  it("says why new recovery codes are refused without a second factor", async () => {
    const user = await insertUser();
    await signIn(user.id);
    expect(await regenerateRecoveryCodesAction(idleState)).toMatchObject({
      status: "error",
      message: expect.stringMatching(/authenticator app or a passkey/),
    });
  });
});
