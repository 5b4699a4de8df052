import { describe, expect, it } from "vitest";
import { decodeSessionToken } from "@/lib/auth/session";
import { STEP_UP_WINDOW_MS } from "@/lib/auth/session/step-up";
import { sessionTokenHash } from "@/lib/auth/session/store";
import { db } from "@/lib/db";
import { redis } from "@/lib/redis";
import { call, insertUser, logIn, queuedEmails } from "@/lib/testing/fixtures";
import { GET as me } from "../me/route";
import { POST as login } from "./login/route";
import { POST as reauthenticate } from "./reauthenticate/route";
import { DELETE as revokeOne } from "./sessions/[id]/route";
import { DELETE as revokeOthers } from "./sessions/route";

/** Makes the session behind `cookie` look as if it signed in 11 minutes ago (database and cache). */
async function age(cookie: string) {
  const sid = (await decodeSessionToken(cookie))!.sid;
  const hash = sessionTokenHash(sid);
  await db.session.update({
    where: { sessionToken: hash },
    data: { authenticatedAt: new Date(Date.now() - STEP_UP_WINDOW_MS - 60_000) },
  });
  await redis.del(`session:${hash}`);
}

describe("step-up on the API", () => {
  it("signing out other sessions needs a recent sign-in: 403 reauthentication_required, then 204 after re-authenticating", async () => {
    const user = await insertUser();
    const other = await logIn(login, user.username, user.password);
    const { cookie } = await logIn(login, user.username, user.password);
    await age(cookie!);
    const refused = await call(revokeOthers, "DELETE", "/api/v1/auth/sessions", { cookie });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "reauthentication_required" });
    expect((await call(me, "GET", "/api/v1/me", { cookie: other.cookie })).status).toBe(200);

    const wrong = await call(reauthenticate, "POST", "/api/v1/auth/reauthenticate", {
      cookie,
      body: { password: "Not-my-password-1" },
    });
    expect(wrong.status).toBe(401);
    const confirmed = await call(reauthenticate, "POST", "/api/v1/auth/reauthenticate", {
      cookie,
      body: { password: user.password },
    });
    expect(confirmed.status).toBe(204);
    expect((await call(revokeOthers, "DELETE", "/api/v1/auth/sessions", { cookie })).status).toBe(204);
    expect((await call(me, "GET", "/api/v1/me", { cookie: other.cookie })).status).toBe(401);
    expect(await queuedEmails(user.email)).toMatchObject([{ data: { event: "other-sessions-signed-out" } }]);
  });

  it("revoking another session needs a recent sign-in; ending one's own session (a logout) never does", async () => {
    const user = await insertUser();
    await logIn(login, user.username, user.password);
    const { cookie } = await logIn(login, user.username, user.password);
    const rows = await db.session.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    const [otherId, ownId] = rows.map((r) => r.id);
    await age(cookie!);
    const refused = await call(revokeOne, "DELETE", `/api/v1/auth/sessions/${otherId}`, {
      cookie,
      params: { id: otherId! },
    });
    expect(refused.status).toBe(403);
    expect(await db.session.count({ where: { id: otherId } })).toBe(1);
    const logout = await call(revokeOne, "DELETE", `/api/v1/auth/sessions/${ownId}`, {
      cookie,
      params: { id: ownId! },
    });
    expect(logout.status).toBe(204);
  });

  it("re-authentication needs a session (401) and answers 400 for a malformed body", async () => {
    expect(
      (await call(reauthenticate, "POST", "/api/v1/auth/reauthenticate", { body: { password: "x" } })).status,
    ).toBe(401);
    const user = await insertUser();
    const { cookie } = await logIn(login, user.username, user.password);
    for (const body of [{}, { password: 42 }, { password: "" }, { password: "x".repeat(10_000) }]) {
      expect((await call(reauthenticate, "POST", "/api/v1/auth/reauthenticate", { cookie, body })).status).toBe(400);
    }
  });
});
