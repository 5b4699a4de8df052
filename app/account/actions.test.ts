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

const { manageSessionsAction } = await import("./actions");
const { SESSION_COOKIE_NAME, createSession, listSessions } = await import("@/lib/auth/session");
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
