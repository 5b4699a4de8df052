import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.21" }),
}));

const { resetPasswordAction } = await import("./actions");
const { idleState } = await import("@/components/forms/form-state");

function submission(password: string, keep: boolean): FormData {
  const data = new FormData();
  data.set("token", "A".repeat(43));
  data.set("password", password);
  if (keep) data.set("keepLinkedAccounts", "yes");
  return data;
}

describe("resetPasswordAction", () => {
  it("after a refused attempt sends back whether 'keep signing in with Google' was ticked, never the password", async () => {
    const ticked = await resetPasswordAction(idleState, submission("short", true));
    expect(ticked.status).toBe("error");
    expect(ticked.fieldErrors?.password).toEqual(["Use at least 8 characters."]);
    expect(ticked.values).toMatchObject({ keepLinkedAccounts: "yes" });
    expect(JSON.stringify(ticked)).not.toContain('"short"');

    const unticked = await resetPasswordAction(idleState, submission("short", false));
    expect(unticked.values).toMatchObject({ keepLinkedAccounts: "" });
  });
});
