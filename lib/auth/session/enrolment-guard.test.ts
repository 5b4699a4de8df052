// Writes the instance's SecuritySettings row: safe, as every test file has its own database.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { redirectTarget } from "../../testing/next";

const jar = new Map<string, { value: string }>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)!.value } : undefined),
    set: () => undefined,
  }),
}));

const { requireSessionOrRedirect } = await import("./next");
const { SESSION_COOKIE_NAME } = await import("./cookie");
const { saveMfaRequiredLevel } = await import("../mfa/policy");
const { insertMember } = await import("../../testing/org");
const { TEST_META } = await import("../../testing/fixtures");
const { db } = await import("../../db");
const { sealSecret } = await import("../mfa/secret-box");

beforeEach(async () => {
  jar.clear();
  await db.securitySettings.deleteMany({});
});

function signedInAs(cookie: string) {
  jar.set(SESSION_COOKIE_NAME, { value: cookie });
}

describe("pages for an account the second-factor policy covers but that has no factor yet", () => {
  it("redirect everywhere but its account pages to /account/security?notice=mfa-required", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    await saveMfaRequiredLevel(1, admin.id, TEST_META);
    signedInAs(admin.cookie);
    for (const path of ["/admin", "/admin/users?q=x", "/accounts", "/"]) {
      expect(await redirectTarget(requireSessionOrRedirect(path)), path).toBe("/account/security?notice=mfa-required");
    }
    for (const path of [
      "/account",
      "/account/security",
      "/account/sessions",
      "/account/confirm",
      "/account/totp?step=2",
    ]) {
      expect(await requireSessionOrRedirect(path), path).toMatchObject({ userId: admin.id });
    }
  });

  it("open again once it has a factor, and were never closed to accounts the policy does not cover", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    const employee = await insertMember();
    await saveMfaRequiredLevel(1, admin.id, TEST_META);
    signedInAs(employee.cookie);
    expect(await requireSessionOrRedirect("/admin")).toMatchObject({ userId: employee.id });
    await db.totpFactor.create({
      data: { userId: admin.id, secretCipher: sealSecret("JBSWY3DPEHPK3PXP", admin.id), confirmedAt: new Date() },
    });
    signedInAs(admin.cookie);
    expect(await requireSessionOrRedirect("/admin/users")).toMatchObject({ userId: admin.id });
  });
});
