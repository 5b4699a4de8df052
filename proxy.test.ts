import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { insertUser } from "./lib/testing/fixtures";
import { RENEW_AFTER_SECONDS } from "./lib/auth/session/authenticate";
import { decodeSessionToken, SESSION_COOKIE_NAME } from "./lib/auth/session/cookie";
import { createSession } from "./lib/auth/session/registry";
import { proxy } from "./proxy";

afterEach(() => {
  vi.useRealTimers();
});

async function pageLoad(cookie: string) {
  return proxy(
    new NextRequest("http://localhost:3000/account", { headers: { cookie: `${SESSION_COOKIE_NAME}=${cookie}` } }),
  );
}

describe("proxy: sliding renewal on page loads", () => {
  it("re-issues a due session cookie on a page load, and leaves a fresh one alone", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "192.0.2.70", userAgent: "vitest" });

    expect((await pageLoad(cookie.value)).headers.get("set-cookie")).toBeNull();

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (RENEW_AFTER_SECONDS + 60) * 1000);
    const response = await pageLoad(cookie.value);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE_NAME}=`));
    expect(setCookie).toMatch(/HttpOnly/);
    const renewed = setCookie.split(";")[0]!.slice(SESSION_COOKIE_NAME.length + 1);
    expect(renewed).not.toBe(cookie.value);
    expect((await decodeSessionToken(renewed))?.sub).toBe(user.id);
  });

  it("does not renew on API requests (their handlers renew)", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "192.0.2.71", userAgent: "vitest" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (RENEW_AFTER_SECONDS + 60) * 1000);
    const response = await proxy(
      new NextRequest("http://localhost:3000/api/v1/me", {
        headers: { cookie: `${SESSION_COOKIE_NAME}=${cookie.value}` },
      }),
    );
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});
