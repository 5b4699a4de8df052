import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { insertSignedInUser, insertUser } from "../../testing/fixtures";
import { trustedDeviceId } from "../device-cookie";
import { authenticateCookieValue } from "./authenticate";
import { signIn, verifyCredentials } from "./sign-in";

let addressCounter = 0;
/** A fresh client address per call: these tests are not about the per-address budget. */
function meta() {
  addressCounter += 1;
  return { ip: `198.18.200.${addressCounter}`, userAgent: "sign-in-test" };
}

const POLL = { timeout: 10_000 };

describe("checking a username-or-email and password", () => {
  it("accepts the username or the email in any case and with surrounding spaces", async () => {
    const user = await insertUser();
    const expected = {
      id: user.id,
      username: user.username,
      email: user.email,
      isActive: true,
      disabled: false,
      secondFactor: null,
    };
    expect(await verifyCredentials(`  ${user.username.toUpperCase()} `, user.password, meta())).toEqual(expected);
    expect(await verifyCredentials(` ${user.email.toUpperCase()}`, user.password, meta())).toEqual(expected);
  });

  it("refuses a wrong password, an unknown identifier and an account without a password alike", async () => {
    const user = await insertUser();
    const googleOnly = await insertUser({ password: null });
    const refusal = {
      code: "invalid_credentials",
      status: 401,
      message: "The username/email or password is incorrect.",
    };
    await expect(verifyCredentials(user.username, "Wrong-password-1", meta())).rejects.toMatchObject(refusal);
    await expect(verifyCredentials("nobody-by-this-name", user.password, meta())).rejects.toMatchObject(refusal);
    await expect(verifyCredentials(googleOnly.username, user.password, meta())).rejects.toMatchObject(refusal);
  });

  it("audits a failure with its reason, for the account when there is one", async () => {
    const user = await insertUser();
    await verifyCredentials(user.email, "Wrong-password-1", meta()).catch(() => undefined);
    await expect
      .poll(() => db.auditEvent.findFirst({ where: { userId: user.id, type: "login.failed" } }), POLL)
      .toMatchObject({ data: { reason: "wrong_password" }, ip: expect.stringMatching(/^198\.18\.200\./) });
    const unknown = meta();
    await verifyCredentials("no-such-user@example.test", "Wrong-password-1", unknown).catch(() => undefined);
    await expect
      .poll(() => db.auditEvent.findMany({ where: { type: "login.failed", ip: unknown.ip } }), POLL)
      .toEqual([expect.objectContaining({ userId: null, actorId: null, data: { reason: "unknown_identifier" } })]);
  });

  it("tells the right password of a disabled or not yet activated account apart, and only the right one", async () => {
    const disabled = await insertUser();
    await db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const pending = await insertUser({ isActive: false });
    expect(await verifyCredentials(disabled.username, disabled.password, meta())).toMatchObject({ disabled: true });
    expect(await verifyCredentials(pending.username, pending.password, meta())).toMatchObject({ isActive: false });
    await expect(signIn({ identifier: disabled.username, password: disabled.password }, meta())).rejects.toMatchObject({
      code: "account_disabled",
      status: 403,
      message: "This account has been disabled. Contact your administrator.",
    });
    await expect(signIn({ identifier: pending.username, password: pending.password }, meta())).rejects.toMatchObject({
      code: "account_not_activated",
      status: 403,
      message: "Activate your account with the link we emailed you before signing in.",
    });
    await expect(signIn({ identifier: disabled.username, password: "Wrong-password-1" }, meta())).rejects.toMatchObject(
      { code: "invalid_credentials" },
    );
    expect(await db.session.count({ where: { userId: { in: [disabled.id, pending.id] } } })).toBe(0);
  });
});

describe("signing in", () => {
  it("starts a session, replaces the browser's previous one, trusts the device, and audits it", async () => {
    const { user, cookie: previous } = await insertSignedInUser();
    const m = meta();
    const result = await signIn({ identifier: user.username, password: user.password }, m, {
      browser: { session: previous, accounts: null },
    });
    expect(result.userId).toBe(user.id);
    expect(await authenticateCookieValue(result.cookies[0]!.value)).toMatchObject({
      userId: user.id,
      sessionId: result.sessionId,
    });
    expect(await authenticateCookieValue(previous)).toBeNull();
    expect(trustedDeviceId(result.deviceCookie.value, user.id)).not.toBeNull();
    await expect
      .poll(() => db.auditEvent.findFirst({ where: { userId: user.id, type: "login.succeeded" } }), POLL)
      .toMatchObject({ data: { sessionId: result.sessionId }, ip: m.ip, userAgent: m.userAgent });
  });

  it("keeps the entries of the other accounts this browser signed in to", async () => {
    const a = await insertUser();
    const b = await insertUser();
    const first = await signIn({ identifier: a.username, password: a.password }, meta());
    const second = await signIn(
      { identifier: b.username, password: b.password },
      { ...meta(), deviceCookie: first.deviceCookie.value },
    );
    expect(trustedDeviceId(second.deviceCookie.value, a.id)).toBe(trustedDeviceId(first.deviceCookie.value, a.id));
  });
});
