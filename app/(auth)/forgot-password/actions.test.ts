import { describe, expect, it, vi } from "vitest";
import { idleState } from "@/components/forms/form-state";

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.20" }),
}));

const { forgotPasswordAction } = await import("./actions");
const { PASSWORD_RESET_REQUESTED } = await import("@/lib/accounts/email-requests");
const { sqlStatementsDuring } = await import("@/lib/accounts/test-fixtures");
const { db } = await import("@/lib/db");
const { insertUser, queuedEmails } = await import("@/lib/testing/fixtures");

function form(email: string): FormData {
  const data = new FormData();
  data.set("email", email);
  return data;
}

describe("forgotPasswordAction", () => {
  it("does the same work and gives the same answer for a known and an unknown address; only the known one gets a link", async () => {
    const user = await insertUser();
    const ask = async (email: string) => {
      let state: Awaited<ReturnType<typeof forgotPasswordAction>> | undefined;
      const sql = await sqlStatementsDuring(async () => {
        state = await forgotPasswordAction(idleState, form(email));
      });
      return { sql, status: state?.status, message: state?.message?.replace(email, "<email>") };
    };
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
