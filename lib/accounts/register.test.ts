import { describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password/pool";
import { db } from "../db";
import { insertUser, queuedEmails, STRONG_PASSWORD, TEST_META, uniqueName } from "../testing/fixtures";
import { registerAccount } from "./register";
import { appErrorFrom } from "../testing/app-error";

const registration = (overrides: Partial<Parameters<typeof registerAccount>[0]> = {}) => {
  const username = uniqueName("Reg");
  return { username, email: `${username.toLowerCase()}@example.test`, password: STRONG_PASSWORD, ...overrides };
};

const templates = async (email: string) => (await queuedEmails(email)).map((m) => m.template);

describe("registerAccount", () => {
  it("refuses a password the policy rejects (here: one built on the username), creating nothing", async () => {
    const input = registration();
    const error = await appErrorFrom(
      registerAccount({ ...input, password: `${input.username}-Long-pass-1` }, TEST_META),
    );
    expect(error.code).toBe("validation_failed");
    expect(error.message).toBe("The password does not meet the policy.");
    expect(error.fieldErrors?.password).toBeDefined();
    expect(await db.user.count({ where: { email: input.email } })).toBe(0);
  });

  it("a new address gets a pending account, recorded as a registration", async () => {
    const input = registration({ firstName: "Ada" });
    await registerAccount(input, TEST_META);
    const user = await db.user.findUniqueOrThrow({ where: { email: input.email } });
    expect(user).toMatchObject({ isActive: false, emailVerified: null, firstName: "Ada", lastName: "" });
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "account.registered" } }),
    ).toMatchObject({
      ip: TEST_META.ip,
      data: { source: "registration" },
    });
  });

  it("re-registering a pending address replaces its password, names and username, and records the replacement", async () => {
    const first = registration({ firstName: "Old", lastName: "Name" });
    await registerAccount(first, TEST_META);
    const before = await db.user.findUniqueOrThrow({ where: { email: first.email } });
    const second = registration({ email: first.email, password: "Second-strong-Pass-42" });
    await registerAccount(second, TEST_META);
    const after = await db.user.findUniqueOrThrow({ where: { email: first.email } });
    expect(after).toMatchObject({
      id: before.id,
      username: second.username,
      usernameKey: second.username.toLowerCase(),
      firstName: "",
      lastName: "",
      isActive: false,
      emailVerified: null,
    });
    expect(await verifyPassword("Second-strong-Pass-42", after.passwordHash!)).toBe(true);
    expect(after.passwordChangedAt!.getTime()).toBeGreaterThanOrEqual(before.passwordChangedAt!.getTime());
    expect(await db.auditEvent.count({ where: { userId: before.id, type: "account.registration_replaced" } })).toBe(1);
    expect(await templates(first.email)).toEqual(["activation", "activation"]);
  });

  it("an address whose account is disabled, even one never activated, is not replaced: its owner is told", async () => {
    const pending = registration();
    await registerAccount(pending, TEST_META);
    const before = await db.user.update({ where: { email: pending.email }, data: { disabledAt: new Date() } });
    await registerAccount(registration({ email: pending.email, password: "Someone-elses-Pass-9" }), TEST_META);
    const after = await db.user.findUniqueOrThrow({ where: { email: pending.email } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.username).toBe(before.username);
    expect(await templates(pending.email)).toEqual(["activation", "registration-attempt"]);
    expect(
      await db.auditEvent.findFirstOrThrow({
        where: { userId: before.id, type: "account.registered", data: { equals: { duplicateEmail: true } } },
      }),
    ).toMatchObject({ ip: TEST_META.ip });
  });

  it("refuses the username of an activated account even together with that account's own email", async () => {
    const owner = await insertUser();
    const error = await appErrorFrom(
      registerAccount(registration({ email: owner.email, username: owner.username }), TEST_META),
    );
    expect(error.status).toBe(409);
    expect(error.message).toBe("That username is taken.");
    expect(error.fieldErrors?.username).toEqual(["That username is taken."]);
    expect(await queuedEmails(owner.email)).toEqual([]);
  });

  it("refuses a pending account's username to a registration of another address", async () => {
    const pending = registration();
    await registerAccount(pending, TEST_META);
    const error = await appErrorFrom(
      registerAccount(registration({ username: pending.username.toUpperCase() }), TEST_META),
    );
    expect(error.code).toBe("conflict");
  });

  it("a double-submitted registration (same address, same username) succeeds twice; one pending account remains", async () => {
    const input = registration();
    const results = await Promise.allSettled([
      registerAccount(input, TEST_META),
      registerAccount({ ...input, password: "Second-strong-Pass-42" }, TEST_META),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await db.user.count({ where: { email: input.email } })).toBe(1);
  });

  it("two registrations of one new address with different usernames at once: the later replaces the earlier", async () => {
    const input = registration();
    const other = registration({ email: input.email });
    const results = await Promise.allSettled([registerAccount(input, TEST_META), registerAccount(other, TEST_META)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const row = await db.user.findUniqueOrThrow({ where: { email: input.email } });
    expect([input.username, other.username]).toContain(row.username);
  });

  it("two new addresses racing for one username: one gets it, the other a 409", async () => {
    const username = uniqueName("Race");
    const results = await Promise.allSettled([
      registerAccount(registration({ username }), TEST_META),
      registerAccount(registration({ username: username.toLowerCase() }), TEST_META),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict", fieldErrors: { username: expect.any(Array) } });
    expect(await db.user.count({ where: { usernameKey: username.toLowerCase() } })).toBe(1);
  });
});
