import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.20" }),
}));

const { forgotPasswordAction } = await import("./actions");
const { PASSWORD_RESET_REQUESTED } = await import("@/lib/accounts/email-requests");
const { formWorkFor } = await import("@/lib/accounts/test-fixtures");
const { db } = await import("@/lib/db");
const { insertUser, queuedEmails } = await import("@/lib/testing/fixtures");

describe("forgotPasswordAction", () => {
  it("does the same work and gives the same answer for a known and an unknown address; only the known one gets a link", async () => {
    const user = await insertUser();
    const ask = (email: string) => formWorkFor(forgotPasswordAction, email);
    await ask("warm.up@example.test");
    const known = await ask(user.email);
    const unknown = await ask("nobody.here@example.test");
    expect(unknown).toEqual(known);
    expect(known.status).toBe("success");
    const row = await db.outboxMessage.findFirstOrThrow({
      where: { type: PASSWORD_RESET_REQUESTED, payload: { path: ["email"], equals: user.email } },
    });
    expect(row.payload).toMatchObject({ ip: "198.51.100.20", userAgent: "vitest" });

    // What the worker then does: one reset email, to the known address only.
    expect((await queuedEmails(user.email)).map((m) => m.template)).toEqual(["password-reset"]);
    expect(await queuedEmails("nobody.here@example.test")).toEqual([]);
  });
});
