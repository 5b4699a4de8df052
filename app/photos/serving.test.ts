import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RENEW_AFTER_SECONDS } from "@/lib/auth/session/authenticate";
import { SESSION_COOKIE_NAME } from "@/lib/auth/session/cookie";
import { createSession } from "@/lib/auth/session/registry";
import { isRateLimited } from "@/lib/ratelimit";
import { insertUser } from "@/lib/testing/fixtures";
import { proxy } from "@/proxy";

afterEach(() => {
  vi.useRealTimers();
});

// A photo is publicly cacheable for a year: a Set-Cookie on it could be stored by a shared cache
// and handed to someone else, and pages full of avatars must not spend anyone's rate limit.
describe("the proxy and /photos", () => {
  it("never renews a session cookie on a photo, even when one is due", async () => {
    const user = await insertUser();
    const { cookie } = await createSession(user.id, { ip: "192.0.2.80", userAgent: "vitest" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (RENEW_AFTER_SECONDS + 60) * 1000);
    const response = await proxy(
      new NextRequest(`http://localhost:3000/photos/${user.id}/${"a".repeat(32)}.webp`, {
        headers: { cookie: `${SESSION_COOKIE_NAME}=${cookie.value}` },
      }),
    );
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("does not count photo loads against the rate limit", () => {
    expect(isRateLimited("/photos/user1/0123456789abcdef0123456789abcdef.webp", "GET")).toBe(false);
    expect(isRateLimited("/photos/user1/0123456789abcdef0123456789abcdef.webp", "HEAD")).toBe(false);
  });
});
