import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { idleState } from "@/components/forms/form-state";
import { redirectTarget } from "@/lib/testing/next";

// The browser's cookie jar, as the action reads and writes it.
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
  }),
  headers: async () =>
    new Headers({
      "user-agent": "vitest",
      "x-forwarded-for": "198.51.100.45",
      cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
    }),
}));

const { default: InvitationPage, metadata } = await import("./page");
const { acceptInvitationAction } = await import("./actions");
const { authenticateCookieValue, SESSION_COOKIE_NAME } = await import("@/lib/auth/session");
const { db } = await import("@/lib/db");
const { insertSignedInUser, insertUser, queuedEmails, STRONG_PASSWORD } = await import("@/lib/testing/fixtures");
const { sendInvitationEmail } = await import("@/lib/users/invitation");

beforeEach(() => jar.clear());

async function invitedUser() {
  const user = await insertUser({ password: null });
  await db.$transaction((tx) =>
    sendInvitationEmail(tx, user, { username: "grace", firstName: "Grace", lastName: "Hopper" }),
  );
  const message = (await queuedEmails(user.email)).find((m) => m.template === "invitation");
  if (message?.template !== "invitation") throw new Error("no invitation email");
  return { user, token: message.data.token };
}

function form(token: string, password: string): FormData {
  const data = new FormData();
  data.set("token", token);
  data.set("password", password);
  return data;
}

const page = async (params: Record<string, string>) =>
  renderToStaticMarkup(await InvitationPage({ searchParams: Promise.resolve(params) }));

describe("/invitation", () => {
  it("opening the link shows the username and a password form that posts the token, and spends nothing", async () => {
    const { user, token } = await invitedUser();
    const html = await page({ token });
    expect(html).toContain(user.username);
    expect(html).toContain(`name="token" value="${token}"`);
    expect(html).toMatch(/<label [^>]*for="invitation-password"[^>]*>Password</);
    const input = html.match(/<input [^>]*id="invitation-password"[^>]*>/)?.[0] ?? "";
    expect(input).toContain('type="password"');
    expect(input).toMatch(/autoComplete="new-password"/i);
    expect(await page({ token })).toContain('name="password"');
    expect(metadata.referrer).toBe("no-referrer");
  });

  it("choosing a password signs the person in (replacing any session of this browser) and goes to the account", async () => {
    const { user, token } = await invitedUser();
    const previous = await insertSignedInUser();
    jar.set(SESSION_COOKIE_NAME, previous.cookie);

    expect(await redirectTarget(acceptInvitationAction(idleState, form(token, STRONG_PASSWORD)))).toBe(
      "/account?notice=activated",
    );
    expect(await authenticateCookieValue(jar.get(SESSION_COOKIE_NAME))).toMatchObject({ userId: user.id });
    expect(await authenticateCookieValue(previous.cookie)).toBeNull();

    // The link is spent: the page now says so, and so does the action.
    expect(await page({ token })).toContain("This invitation has expired or was already used");
    expect(await acceptInvitationAction(idleState, form(token, STRONG_PASSWORD))).toMatchObject({
      status: "error",
      message: "This invitation has expired or was already used. Ask your administrator for a new one.",
      help: { href: "/login" },
    });
  });

  it("a password the policy refuses is reported on the field; the link keeps working", async () => {
    const { user, token } = await invitedUser();
    const state = await acceptInvitationAction(idleState, form(token, "password"));
    expect(state).toMatchObject({ status: "error", fieldErrors: { password: [expect.any(String)] } });
    expect(state.values).not.toHaveProperty("password");
    expect(jar.has(SESSION_COOKIE_NAME)).toBe(false);
    expect(await page({ token })).toContain(user.username);
  });

  it("says so when the link is incomplete or unknown", async () => {
    expect(await page({})).toContain("This invitation link is incomplete");
    expect(await page({ token: "x".repeat(43) })).toContain("Ask your administrator for a new one");
    expect(await acceptInvitationAction(idleState, form("", STRONG_PASSWORD))).toMatchObject({ status: "error" });
  });
});
