import { describe, expect, it } from "vitest";
import { consumeRecoveryCode, generateRecoveryCodes } from "@/lib/auth/mfa/recovery-codes";
import { ageSession, insertUserWithTotp } from "@/lib/auth/mfa/test-fixtures";
import { createSession } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { call, insertSignedInUser, queuedEmails, TEST_META } from "@/lib/testing/fixtures";
import { GET as overview } from "./route";
import { POST as regenerate } from "./recovery-codes/route";

const CODES = "/api/v1/me/mfa/recovery-codes";

async function signedInWithTotp() {
  const { user } = await insertUserWithTotp();
  const { cookie } = await createSession(user.id, TEST_META);
  return { user, cookie: cookie.value };
}

describe("POST /api/v1/me/mfa/recovery-codes", () => {
  it("answers ten new codes and the old ones stop working", async () => {
    const { user, cookie } = await signedInWithTotp();
    const old = await generateRecoveryCodes(user.id, TEST_META);
    const response = await call(regenerate, "POST", CODES, { cookie });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { recoveryCodes } = (await expectDocumentedResponse(response, CODES, "post")) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(await consumeRecoveryCode(user.id, old[0]!)).toBe(false);
    expect(await consumeRecoveryCode(user.id, recoveryCodes[0]!)).toBe(true);
    expect(await (await call(overview, "GET", "/api/v1/me/mfa", { cookie })).json()).toMatchObject({
      totp: { enabled: true },
      recoveryCodesLeft: 9,
    });
    const events = (await queuedEmails(user.email)).map((e) => e.template === "security-notice" && e.data.event);
    expect(events).toEqual(["recovery-codes-generated", "recovery-codes-generated", "recovery-code-used"]);
  });

  it("answers 409 for an account without a second factor", async () => {
    const { user, cookie } = await insertSignedInUser();
    const response = await call(regenerate, "POST", CODES, { cookie });
    expect(response.status).toBe(409);
    await expectDocumentedResponse(response, CODES, "post");
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });

  it("ignores any body, and refuses no session (401), another site (403) and a stale session (403)", async () => {
    const { user, cookie } = await signedInWithTotp();
    const withBody = await call(regenerate, "POST", CODES, { cookie, raw: "x".repeat(100), headers: {} });
    expect(withBody.status).toBe(200);
    expect((await call(regenerate, "POST", CODES)).status).toBe(401);
    const cross = await call(regenerate, "POST", CODES, { cookie, headers: { origin: "https://evil.example" } });
    expect(cross.status).toBe(403);
    expect((await cross.json()).code).toBe("cross_site_request");
    await ageSession(cookie);
    const stale = await call(regenerate, "POST", CODES, { cookie });
    expect(stale.status).toBe(403);
    expect((await stale.json()).code).toBe("reauthentication_required");
    await expectDocumentedResponse(await call(regenerate, "POST", CODES, { cookie }), CODES, "post");
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "mfa.recovery_codes_generated" } })).toBe(1);
  });
});
