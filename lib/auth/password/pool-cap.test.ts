import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.BCRYPT_MAX_QUEUE = "2";
});

const { hashPassword, verifyPassword, MAX_QUEUED, PasswordPoolFullError, POOL_SIZE } = await import("./pool");

describe("password pool: bounded queue", () => {
  it("refuses a call beyond the threads and BCRYPT_MAX_QUEUE waiting ones with 503 and Retry-After, at once", async () => {
    expect(MAX_QUEUED).toBe(2);
    await hashPassword("warm-up-password", 4);
    // Every thread busy (cost 13: about half a second each) and two calls waiting.
    const accepted = Array.from({ length: POOL_SIZE + MAX_QUEUED }, (_, i) => hashPassword(`filler-${i}`, 13));
    const refused = await verifyPassword("one-too-many", "$2b$04$" + "a".repeat(53)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(PasswordPoolFullError);
    const error = refused as InstanceType<typeof PasswordPoolFullError>;
    expect(error.status).toBe(503);
    expect(error.code).toBe("service_unavailable");
    expect(Number(error.headers?.["Retry-After"])).toBeGreaterThanOrEqual(1);
    // The accepted calls all finish, and then there is room again.
    expect(new Set(await Promise.all(accepted)).size).toBe(POOL_SIZE + MAX_QUEUED);
    expect(await verifyPassword("after", await hashPassword("after", 4))).toBe(true);
  });
});
