import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.21" }),
}));

const { resendActivationAction } = await import("./actions");
const { ACTIVATION_RESEND_REQUESTED } = await import("@/lib/accounts/email-requests");
const { formWorkFor } = await import("@/lib/accounts/test-fixtures");
const { db } = await import("@/lib/db");
const { insertUser, queuedEmails } = await import("@/lib/testing/fixtures");

describe("resendActivationAction", () => {
  it("does the same work and gives the same answer for a pending and an unknown address; only the pending one gets links", async () => {
    const pending = await insertUser({ isActive: false });
    const ask = (email: string) => formWorkFor(resendActivationAction, email);
    await ask("warm.up@example.test");
    const known = await ask(pending.email);
    const unknown = await ask("nobody.here@example.test");
    expect(unknown).toEqual(known);
    expect(known.status).toBe("success");
    const row = await db.outboxMessage.findFirstOrThrow({
      where: { type: ACTIVATION_RESEND_REQUESTED, payload: { path: ["email"], equals: pending.email } },
    });
    expect(row.payload).toMatchObject({ ip: "198.51.100.21", userAgent: "vitest" });

    expect((await queuedEmails(pending.email)).map((m) => m.template)).toEqual(["activation"]);
    expect(await queuedEmails("nobody.here@example.test")).toEqual([]);
  });
});
