import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { idleState } from "@/components/forms/form-state";

// The request as Next gives it to a server action: its cookies and headers; the page cache is not under test.
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
  }),
  headers: async () => new Headers({ "user-agent": "vitest" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { removePasskeyAction, renamePasskeyAction } = await import("./passkey-actions");
const { passkeysSection } = await import("./passkeys-section");
const { SESSION_COOKIE_NAME, createSession } = await import("@/lib/auth/session");
const { STEP_UP_WINDOW_MS } = await import("@/lib/auth/session/step-up");
const { passkeyRegistrationOptions, registerPasskey } = await import("@/lib/auth/mfa/passkeys");
const { db } = await import("@/lib/db");
const { insertUser, TEST_META } = await import("@/lib/testing/fixtures");
const { SoftwareAuthenticator } = await import("@/lib/testing/webauthn");
const { redirectTarget } = await import("@/lib/testing/next");

/** A user with a passkey, signed in in this "browser" (`agoMs` ago). */
async function signedInWithPasskey(agoMs = 0) {
  const user = await insertUser();
  const { options, challengeId } = await passkeyRegistrationOptions(user.id);
  const passkey = await registerPasskey(
    user.id,
    { challengeId, response: new SoftwareAuthenticator().register(options), name: "Laptop" },
    TEST_META,
  );
  const { sessionId, cookie } = await createSession(user.id, TEST_META);
  if (agoMs > 0) {
    await db.session.update({ where: { id: sessionId }, data: { authenticatedAt: new Date(Date.now() - agoMs) } });
    const { redis } = await import("@/lib/redis");
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    await redis.del(`session:${row.sessionToken}`);
  }
  jar.set(SESSION_COOKIE_NAME, cookie.value);
  return { user, passkey };
}

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
};

describe("the passkeys section of /account/security", () => {
  beforeEach(() => jar.clear());

  it("lists the passkeys with rename and remove forms, and explains that adding one needs JavaScript", async () => {
    const { user, passkey } = await signedInWithPasskey();
    const html = renderToStaticMarkup(await passkeysSection(user.id));
    expect(html).toMatch(/<h2 [^>]*id="passkeys-title">Passkeys<\/h2>/);
    expect(html).toContain(`data-passkey-id="${passkey.id}"`);
    expect(html).toContain('value="Laptop"');
    expect(html).toContain(`value="remove:${passkey.id}" name="intent"`);
    expect(html).toContain("Adding a passkey needs JavaScript");
    // Without JavaScript (and before hydration) the add button cannot start a ceremony.
    expect(html).toMatch(/<button type="submit" class="[^"]*" disabled="">Add a passkey<\/button>/);
    const empty = renderToStaticMarkup(await passkeysSection((await insertUser()).id));
    expect(empty).toContain("You have no passkeys yet.");
  });

  it("renames a passkey, refuses bad names on the field, and someone else's passkey", async () => {
    const { passkey } = await signedInWithPasskey();
    const renamed = await renamePasskeyAction(idleState, form({ passkeyId: passkey.id, name: " Phone " }));
    expect(renamed).toEqual({
      status: "success",
      message: "The passkey is now called “Phone”.",
      values: { name: "Phone" },
    });
    const bad = await renamePasskeyAction(idleState, form({ passkeyId: passkey.id, name: "" }));
    expect(bad).toMatchObject({ status: "error", fieldErrors: { name: [expect.any(String)] }, values: { name: "" } });

    const other = await signedInWithPasskey();
    const foreign = await renamePasskeyAction(idleState, form({ passkeyId: passkey.id, name: "Mine" }));
    expect(foreign).toMatchObject({ status: "error", message: "That passkey no longer exists." });
    expect(await renamePasskeyAction(idleState, form({ passkeyId: "../x", name: "Mine" }))).toMatchObject({
      status: "error",
    });
    expect((await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).name).toBe("Phone");
    expect(other.passkey.name).toBe("Laptop");
  });

  it("removes a passkey after a recent sign-in, and asks to confirm it's you otherwise", async () => {
    const stale = await signedInWithPasskey(STEP_UP_WINDOW_MS + 60_000);
    const refused = await removePasskeyAction(idleState, form({ intent: `remove:${stale.passkey.id}` }));
    expect(refused).toMatchObject({
      status: "error",
      help: { href: "/account/confirm?next=%2Faccount%2Fsecurity", label: "Confirm it's you" },
    });
    expect(await db.passkey.count({ where: { id: stale.passkey.id } })).toBe(1);

    const fresh = await signedInWithPasskey();
    expect(await removePasskeyAction(idleState, form({ intent: `remove:${fresh.passkey.id}` }))).toMatchObject({
      status: "success",
    });
    expect(await db.passkey.count({ where: { id: fresh.passkey.id } })).toBe(0);
    expect(await removePasskeyAction(idleState, form({ intent: `remove:${fresh.passkey.id}` }))).toMatchObject({
      status: "error",
      message: "That passkey had already been removed.",
    });
    // Someone else's passkey is not found, and stays.
    expect(await removePasskeyAction(idleState, form({ intent: `remove:${stale.passkey.id}` }))).toMatchObject({
      status: "error",
      message: "That passkey had already been removed.",
    });
    expect(await db.passkey.count({ where: { id: stale.passkey.id } })).toBe(1);
    expect(await removePasskeyAction(idleState, form({ intent: "nonsense" }))).toMatchObject({ status: "error" });
  });

  it("sends a visitor without a session to sign in", async () => {
    expect(await redirectTarget(removePasskeyAction(idleState, form({ intent: "remove:x" })))).toBe(
      "/login?callbackUrl=%2Faccount",
    );
  });
});
