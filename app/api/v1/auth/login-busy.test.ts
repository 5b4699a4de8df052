import { describe, expect, it, vi } from "vitest";
import { call, insertUser, queuedEmails } from "@/lib/testing/fixtures";
import { hashPassword, MAX_QUEUED, POOL_SIZE } from "@/lib/auth/password/pool";
import { config } from "@/lib/config";
import { POST as login } from "./login/route";

vi.hoisted(() => {
  process.env.BCRYPT_MAX_QUEUE = "1";
  process.env.ACCOUNT_LOCKOUT_THRESHOLD = "3";
});

/** Every hashing thread busy (cost 14: about a second each) and the queue full. */
async function fillPasswordPool(): Promise<Promise<string>[]> {
  await hashPassword("warm-up-password", 4);
  return Array.from({ length: POOL_SIZE + MAX_QUEUED }, (_, i) => hashPassword(`filler-${i}`, 14));
}

describe("POST /api/v1/auth/login while the password pool is full", () => {
  it("answers 503 with Retry-After, and the refused attempts are not counted against the account", async () => {
    expect(config.auth.lockoutThreshold).toBe(3);
    const user = await insertUser();
    const fillers = await fillPasswordPool();
    for (let attempt = 0; attempt < config.auth.lockoutThreshold; attempt++) {
      const response = await call(login, "POST", "/api/v1/auth/login", {
        body: { identifier: user.username, password: "a-wrong-password" },
      });
      expect(response.status).toBe(503);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await response.json()).code).toBe("service_unavailable");
    }
    await Promise.all(fillers);
    // No guess was checked, so none was counted: the account is not locked and the owner signs in.
    const response = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: user.username, password: user.password },
    });
    expect(response.status).toBe(200);
    expect((await queuedEmails(user.email)).map((m) => m.template)).not.toContain("account-unlock");
  });
});
