import { afterEach, describe, expect, it, vi } from "vitest";
import { insertSignedInUser } from "../../testing/fixtures";
import { config } from "../../config";
import { RENEW_AFTER_SECONDS } from "./authenticate";
import { decodeSessionToken, SESSION_COOKIE_NAME } from "./cookie";
import { revokeSession } from "./registry";
import { renewSessionCookieIfDue, withSessionCookieValue } from "./renew";

async function newSession() {
  const { user, sessionId, cookie } = await insertSignedInUser();
  return { user, sessionId, header: `theme=dark; ${SESSION_COOKIE_NAME}=${cookie}; other=1` };
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
    expect(renewed!.options.expires.getTime()).toBeLessThanOrEqual(
      start + config.auth.sessionAbsoluteSeconds * 1000 + 1000,
    );

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

describe("forwarding the renewed cookie to the page", () => {
  const renewed = { name: SESSION_COOKIE_NAME, value: "NEW" } as Parameters<typeof withSessionCookieValue>[1];

  it("replaces only the session cookie, wherever it stands in the header", () => {
    expect(withSessionCookieValue(`${SESSION_COOKIE_NAME}=OLD; theme=dark`, renewed)).toBe(
      `${SESSION_COOKIE_NAME}=NEW; theme=dark`,
    );
    expect(withSessionCookieValue(`theme=dark;${SESSION_COOKIE_NAME}=OLD`, renewed)).toBe(
      `theme=dark; ${SESSION_COOKIE_NAME}=NEW`,
    );
    expect(withSessionCookieValue(`${SESSION_COOKIE_NAME}x=OLD; x${SESSION_COOKIE_NAME}=OLD`, renewed)).toBe(
      `${SESSION_COOKIE_NAME}x=OLD; x${SESSION_COOKIE_NAME}=OLD`,
    );
  });

  it("renews nothing for a cookie that cannot be read, even when it would be old enough", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (RENEW_AFTER_SECONDS + 60) * 1000);
    expect(await renewSessionCookieIfDue(`${SESSION_COOKIE_NAME}=not-a-cookie`)).toBeNull();
  });
});
