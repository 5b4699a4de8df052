import { describe, expect, it, vi } from "vitest";
import { db } from "../../db";
import { insertUser, STRONG_PASSWORD } from "../../testing/fixtures";
import { authenticateCookieValue } from "./authenticate";
import { decodeSessionToken } from "./cookie";
import { createSession } from "./registry";
import { assertRecentAuthentication, isRecentlyAuthenticated, reauthenticate, STEP_UP_WINDOW_MS } from "./step-up";

const META = { ip: "192.0.2.77", userAgent: "test" };

async function staleSession(userId: string) {
  const { sessionId, cookie } = await createSession(userId, META);
  const old = new Date(Date.now() - STEP_UP_WINDOW_MS - 60_000);
  await db.session.update({ where: { id: sessionId }, data: { authenticatedAt: old } });
  const { redis } = await import("../../redis");
  const { sessionTokenHash } = await import("./store");
  const tokenHash = sessionTokenHash((await decodeSessionToken(cookie.value))!.sid);
  await redis.del(`session:${tokenHash}`);
  return { sessionId, tokenHash, cookie: cookie.value };
}

describe("step-up", () => {
  it("a fresh sign-in counts as recent for 10 minutes, not longer", async () => {
    const now = Date.now();
    expect(isRecentlyAuthenticated({ authenticatedAt: new Date(now - STEP_UP_WINDOW_MS + 1000) }, now)).toBe(true);
    expect(isRecentlyAuthenticated({ authenticatedAt: new Date(now - STEP_UP_WINDOW_MS) }, now)).toBe(false);
    expect(() => assertRecentAuthentication({ authenticatedAt: new Date(0) })).toThrow(
      expect.objectContaining({ code: "reauthentication_required", status: 403 }),
    );
    const user = await insertUser();
    const { cookie } = await createSession(user.id, META);
    const session = await authenticateCookieValue(cookie.value);
    expect(isRecentlyAuthenticated(session!)).toBe(true);
  });

  it("re-authenticating with the password makes an older session recent again, on every instance (cache and database)", async () => {
    const user = await insertUser();
    const stale = await staleSession(user.id);
    const before = await authenticateCookieValue(stale.cookie);
    expect(isRecentlyAuthenticated(before!)).toBe(false);
    await reauthenticate(
      { userId: user.id, sessionId: stale.sessionId, tokenHash: stale.tokenHash },
      STRONG_PASSWORD,
      META,
    );
    const after = await authenticateCookieValue(stale.cookie);
    expect(isRecentlyAuthenticated(after!)).toBe(true);
    const row = await db.session.findUniqueOrThrow({ where: { id: stale.sessionId } });
    expect(Date.now() - row.authenticatedAt.getTime()).toBeLessThan(60_000);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "session.reauthenticated" } })).toBe(1);
  });

  it("a wrong password is 401, changes nothing, and spends the sign-in budget", async () => {
    const user = await insertUser();
    const stale = await staleSession(user.id);
    const session = { userId: user.id, sessionId: stale.sessionId, tokenHash: stale.tokenHash };
    const codes: string[] = [];
    for (let i = 0; i < 15 && codes.at(-1) !== "rate_limited"; i++) {
      codes.push(
        await reauthenticate(session, `Wrong-guess-${i}`, META).then(
          () => "ok",
          (error: { code: string }) => error.code,
        ),
      );
    }
    expect(codes.at(-1)).toBe("rate_limited");
    expect(new Set(codes.slice(0, -1))).toEqual(new Set(["invalid_credentials"]));
    expect(isRecentlyAuthenticated((await authenticateCookieValue(stale.cookie))!)).toBe(false);
  });

  it("an account without a password cannot re-authenticate with one (it confirms with Google)", async () => {
    const user = await insertUser({ password: null });
    const stale = await staleSession(user.id);
    await expect(
      reauthenticate(
        { userId: user.id, sessionId: stale.sessionId, tokenHash: stale.tokenHash },
        "anything-at-all",
        META,
      ),
    ).rejects.toMatchObject({ code: "invalid_credentials" });
  });
});

describe("step-up edges", () => {
  it("counts the current time when none is given, and says how to make the change", () => {
    expect(isRecentlyAuthenticated({ authenticatedAt: new Date(Date.now() - STEP_UP_WINDOW_MS + 60_000) })).toBe(true);
    expect(isRecentlyAuthenticated({ authenticatedAt: new Date(Date.now() - STEP_UP_WINDOW_MS - 1) })).toBe(false);
    expect(STEP_UP_WINDOW_MS).toBe(10 * 60 * 1000);
    expect(() => assertRecentAuthentication({ authenticatedAt: new Date() })).not.toThrow();
    expect(() => assertRecentAuthentication({ authenticatedAt: new Date(0) })).toThrow(
      "Confirm it's you: enter your password again to make this change.",
    );
  });

  it("tells an account without a password to confirm with Google, and a wrong password that it is wrong", async () => {
    const googleOnly = await insertUser({ password: null });
    const a = await staleSession(googleOnly.id);
    await expect(
      reauthenticate(
        { userId: googleOnly.id, sessionId: a.sessionId, tokenHash: a.tokenHash },
        "anything-at-all",
        META,
      ),
    ).rejects.toThrow("This account has no password: confirm it with Google.");
    const user = await insertUser();
    const b = await staleSession(user.id);
    await expect(
      reauthenticate({ userId: user.id, sessionId: b.sessionId, tokenHash: b.tokenHash }, "Wrong-password-1", META),
    ).rejects.toMatchObject({ code: "invalid_credentials", status: 401, message: "That password is not correct." });
  });

  it("an account that is not active cannot re-authenticate, even with its password", async () => {
    const user = await insertUser();
    const stale = await staleSession(user.id);
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    await expect(
      reauthenticate(
        { userId: user.id, sessionId: stale.sessionId, tokenHash: stale.tokenHash },
        STRONG_PASSWORD,
        META,
      ),
    ).rejects.toMatchObject({ code: "invalid_credentials" });
    expect(isRecentlyAuthenticated((await authenticateCookieValue(stale.cookie))!)).toBe(false);
  });

  it("a session revoked meanwhile is 401, and nothing is audited", async () => {
    const user = await insertUser();
    const stale = await staleSession(user.id);
    await db.session.delete({ where: { id: stale.sessionId } });
    await expect(
      reauthenticate(
        { userId: user.id, sessionId: stale.sessionId, tokenHash: stale.tokenHash },
        STRONG_PASSWORD,
        META,
      ),
    ).rejects.toMatchObject({ code: "unauthorized", status: 401, message: "Sign in to continue." });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "session.reauthenticated" } })).toBe(0);
  });

  it("audits the re-authentication with the session it was for", async () => {
    const user = await insertUser();
    const stale = await staleSession(user.id);
    await reauthenticate(
      { userId: user.id, sessionId: stale.sessionId, tokenHash: stale.tokenHash },
      STRONG_PASSWORD,
      META,
    );
    await expect
      .poll(() => db.auditEvent.findFirst({ where: { userId: user.id, type: "session.reauthenticated" } }))
      .toMatchObject({ data: { sessionId: stale.sessionId }, ip: META.ip, userAgent: META.userAgent });
  });

  it("makes the session recent in the cache too when the cache holds it", async () => {
    const user = await insertUser();
    const stale = await staleSession(user.id);
    // Load the stale record into the cache, then re-authenticate: the cached record must change.
    expect(isRecentlyAuthenticated((await authenticateCookieValue(stale.cookie))!)).toBe(false);
    const findUnique = vi.spyOn(db.session, "findUnique");
    try {
      await reauthenticate(
        { userId: user.id, sessionId: stale.sessionId, tokenHash: stale.tokenHash },
        STRONG_PASSWORD,
        META,
      );
      expect(isRecentlyAuthenticated((await authenticateCookieValue(stale.cookie))!)).toBe(true);
      expect(findUnique).not.toHaveBeenCalled();
    } finally {
      findUnique.mockRestore();
    }
  });
});
