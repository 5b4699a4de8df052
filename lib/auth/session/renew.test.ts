import { afterEach, describe, expect, it, vi } from "vitest";
import { insertUser } from "../../accounts/test-helpers";
import { config } from "../../config";
import { RENEW_AFTER_SECONDS } from "./authenticate";
import { decodeSessionToken, SESSION_COOKIE_NAME } from "./cookie";
import { createSession, revokeSession } from "./registry";
import { renewSessionCookieIfDue, withSessionCookieValue } from "./renew";

const meta = { ip: "192.0.2.60", userAgent: "vitest" };

async function newSession() {
  const user = await insertUser();
  const { sessionId, cookie } = await createSession(user.id, meta);
  return { user, sessionId, header: `theme=dark; ${SESSION_COOKIE_NAME}=${cookie.value}; other=1` };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("sliding renewal on page loads", () => {
  it("leaves a fresh cookie alone", async () => {
    const { header } = await newSession();
    expect(await renewSessionCookieIfDue(header)).toBeNull();
    expect(await renewSessionCookieIfDue(null)).toBeNull();
    expect(await renewSessionCookieIfDue("theme=dark")).toBeNull();
  });

  it("re-issues an old-enough cookie for a live session, later-expiring but within the absolute limit", async () => {
    const { header, user } = await newSession();
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(start + (RENEW_AFTER_SECONDS + 60) * 1000);
    const renewed = await renewSessionCookieIfDue(header);
    expect(renewed?.name).toBe(SESSION_COOKIE_NAME);
    const claims = await decodeSessionToken(renewed?.value);
    expect(claims?.sub).toBe(user.id);
    expect(renewed!.options.expires.getTime()).toBeGreaterThan(start + config.auth.sessionIdleSeconds * 1000);
    expect(renewed!.options.expires.getTime()).toBeLessThanOrEqual(start + config.auth.sessionAbsoluteSeconds * 1000 + 1000);

    const forwarded = withSessionCookieValue(header, renewed!);
    expect(forwarded).toBe(`theme=dark; ${SESSION_COOKIE_NAME}=${renewed!.value}; other=1`);
  });

  it("never renews a revoked session", async () => {
    const { header, user, sessionId } = await newSession();
    await revokeSession(user.id, sessionId);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (RENEW_AFTER_SECONDS + 60) * 1000);
    expect(await renewSessionCookieIfDue(header)).toBeNull();
  });
});
