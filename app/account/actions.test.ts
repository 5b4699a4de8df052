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

const { manageSessionsAction, revokeAppAction } = await import("./actions");
const { SESSION_COOKIE_NAME, createSession, decodeSessionToken, listSessions } = await import("@/lib/auth/session");
const { authenticateAccessToken } = await import("@/lib/auth/session/authenticate");
const { STEP_UP_WINDOW_MS } = await import("@/lib/auth/session/step-up");
const { sessionTokenHash } = await import("@/lib/auth/session/store");
const { rotateRefreshToken, startTokenFamily } = await import("@/lib/auth/api-tokens");
const { db } = await import("@/lib/db");
const { redis } = await import("@/lib/redis");
const { insertUser } = await import("@/lib/testing/fixtures");

const META = { ip: "198.51.100.10", userAgent: "test" };

function intent(value: string): FormData {
  const data = new FormData();
  data.set("intent", value);
  return data;
}

async function signedInWithTwoOthers() {
  const user = await insertUser();
  const current = await createSession(user.id, META);
  const others = [await createSession(user.id, META), await createSession(user.id, META)];
  jar.set(SESSION_COOKIE_NAME, current.cookie.value);
  return { user, current, others };
}

describe("manageSessionsAction", () => {
  beforeEach(() => jar.clear());

  it("signs one other session out, and says so when it had already ended", async () => {
    const { user, current, others } = await signedInWithTwoOthers();
    const target = others[0]!.sessionId;
    expect(await manageSessionsAction(idleState, intent(`revoke:${target}`))).toEqual({
      status: "success",
      message: "The session has been signed out.",
    });
    expect((await listSessions(user.id, current.sessionId)).map((s) => s.id)).not.toContain(target);

    const again = await manageSessionsAction(idleState, intent(`revoke:${target}`));
    expect(again).toMatchObject({ status: "error", message: "That session has already ended." });
  });

  it("refuses to revoke this session (that is “Log out”) or an unknown intent", async () => {
    const { user, current } = await signedInWithTwoOthers();
    for (const value of [`revoke:${current.sessionId}`, "revoke:", "something-else"]) {
      const state = await manageSessionsAction(idleState, intent(value));
      expect(state).toMatchObject({
        status: "error",
        message: "Choose another session to sign out, or use “Log out” for this one.",
      });
    }
    expect(await listSessions(user.id, current.sessionId)).toHaveLength(3);
  });

  it("cannot sign out another person's session", async () => {
    const stranger = await insertUser();
    const theirs = await createSession(stranger.id, META);
    await signedInWithTwoOthers();
    const state = await manageSessionsAction(idleState, intent(`revoke:${theirs.sessionId}`));
    expect(state).toMatchObject({ status: "error", message: "That session has already ended." });
    expect((await listSessions(stranger.id, null)).map((s) => s.id)).toEqual([theirs.sessionId]);
  });

  it("signs every other session out and counts them", async () => {
    const { user, current } = await signedInWithTwoOthers();
    expect(await manageSessionsAction(idleState, intent("revoke-others"))).toEqual({
      status: "success",
      message: "2 other sessions have been signed out.",
    });
    expect((await listSessions(user.id, current.sessionId)).map((s) => s.id)).toEqual([current.sessionId]);
  });
});

/** Makes the session behind `cookie` look as if it signed in 11 minutes ago (database and cache). */
async function age(cookie: string) {
  const hash = sessionTokenHash((await decodeSessionToken(cookie))!.sid);
  await db.session.update({
    where: { sessionToken: hash },
    data: { authenticatedAt: new Date(Date.now() - STEP_UP_WINDOW_MS - 60_000) },
  });
  await redis.del(`session:${hash}`);
}

/** A signed-in browser and a token family (a third-party client's sign-in) of the same user. */
async function signedInWithAnApp() {
  const user = await insertUser();
  const current = await createSession(user.id, META);
  jar.set(SESSION_COOKIE_NAME, current.cookie.value);
  const app = await startTokenFamily(user.id, { ip: "203.0.113.5", userAgent: "curl/8.5.0" });
  return { user, current, app };
}

describe("revokeAppAction", () => {
  beforeEach(() => jar.clear());

  it("revokes a token family: its access token and refresh token stop working", async () => {
    const { user, current, app } = await signedInWithAnApp();
    expect(await authenticateAccessToken(app.tokens.access_token)).not.toBeNull();
    expect(await revokeAppAction(idleState, intent(`revoke:${app.familyId}`))).toEqual({
      status: "success",
      message: "The app's access has been revoked.",
    });
    expect((await listSessions(user.id, current.sessionId)).map((s) => s.id)).toEqual([current.sessionId]);
    expect(await authenticateAccessToken(app.tokens.access_token)).toBeNull();
    await expect(rotateRefreshToken(app.tokens.refresh_token, META)).rejects.toMatchObject({ code: "invalid_grant" });

    const again = await revokeAppAction(idleState, intent(`revoke:${app.familyId}`));
    expect(again).toMatchObject({ status: "error", message: "That app's access had already ended." });
  });

  it("cannot revoke another person's app", async () => {
    const stranger = await insertUser();
    const theirs = await startTokenFamily(stranger.id, META);
    await signedInWithAnApp();
    const state = await revokeAppAction(idleState, intent(`revoke:${theirs.familyId}`));
    expect(state).toMatchObject({ status: "error", message: "That app's access had already ended." });
    expect((await listSessions(stranger.id, null)).map((s) => s.id)).toEqual([theirs.familyId]);
  });

  it("refuses this browser's own session (that is “Log out”) and anything but a revoke intent", async () => {
    const { user, current, app } = await signedInWithAnApp();
    for (const value of [`revoke:${current.sessionId}`, "revoke:", app.familyId, "revoke-others"]) {
      const state = await revokeAppAction(idleState, intent(value));
      expect(state).toEqual({ status: "error", message: "Choose an app or device to revoke." });
    }
    expect(await listSessions(user.id, current.sessionId)).toHaveLength(2);
  });

  it("needs a recent sign-in, and links to “Confirm it's you”", async () => {
    const { user, current, app } = await signedInWithAnApp();
    await age(current.cookie.value);
    expect(await revokeAppAction(idleState, intent(`revoke:${app.familyId}`))).toMatchObject({
      status: "error",
      message: "For your security, confirm it's you before making this change.",
      help: { href: "/account/confirm?next=%2Faccount%2Fsessions", label: "Confirm it's you" },
    });
    expect((await listSessions(user.id, current.sessionId)).map((s) => s.id)).toContain(app.familyId);
  });
});

describe("manageSessionsAction with apps", () => {
  beforeEach(() => jar.clear());

  it("“Sign out everywhere else” revokes the apps too", async () => {
    const { user, current, app } = await signedInWithAnApp();
    expect(await manageSessionsAction(idleState, intent("revoke-others"))).toMatchObject({ status: "success" });
    expect((await listSessions(user.id, current.sessionId)).map((s) => s.id)).toEqual([current.sessionId]);
    await expect(rotateRefreshToken(app.tokens.refresh_token, META)).rejects.toMatchObject({ code: "invalid_grant" });
  });
});
