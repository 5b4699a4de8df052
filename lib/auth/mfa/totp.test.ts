import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { appErrorFrom } from "../../testing/app-error";
import { insertUser, queuedEmails, TEST_META } from "../../testing/fixtures";
import { openSecret } from "./secret-box";
import { auditTypes, insertUserWithTotp, midStep, totpCodeAt } from "./test-fixtures";
import { confirmTotpEnrolment, pendingTotpEnrolment, removeTotp, startTotpEnrolment, verifyTotpCode } from "./totp";

const STEP = 30_000;

describe("setting up an authenticator app", () => {
  it("starts with a new base32 secret, an otpauth URL for the username and a QR code without inline styles", async () => {
    const user = await insertUser();
    const enrolment = await startTotpEnrolment(user.id);
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.otpauthUrl).toBe(
      `otpauth://totp/Authcore:${user.username}?secret=${enrolment.secret}&issuer=Authcore`,
    );
    expect(enrolment.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(enrolment.qrDataUrl.split(",")[1]!, "base64").toString("utf8");
    expect(svg).toMatch(/^<svg [^>]*viewBox/);
    expect(svg).not.toMatch(/style|<script/i);
    const row = await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row).toMatchObject({ confirmedAt: null, lastStep: null });
    expect(row.secretCipher).not.toContain(enrolment.secret);
    expect(openSecret(row.secretCipher, user.id)).toBe(enrolment.secret);
    expect(await pendingTotpEnrolment(user.id)).toEqual(enrolment);
  });

  it("confirms with a code from the app: the first recovery codes, an audit event and an email to the owner", async () => {
    const user = await insertUser();
    const { secret } = await startTotpEnrolment(user.id);
    const code = await totpCodeAt(secret, Date.now());
    const { recoveryCodes } = await confirmTotpEnrolment(user.id, code, TEST_META);
    expect(recoveryCodes).toHaveLength(10);
    const row = await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.confirmedAt).toBeInstanceOf(Date);
    expect(row.lastStep).toBeGreaterThanOrEqual(Math.floor(Date.now() / STEP) - 1);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
    expect(await auditTypes(user.id)).toEqual(["mfa.recovery_codes_generated", "mfa.totp_enrolled"]);
    const emails = await queuedEmails(user.email);
    expect(emails.map((e) => e.template === "security-notice" && e.data.event)).toEqual(["totp-enrolled"]);
    expect(await pendingTotpEnrolment(user.id)).toBeNull();
    // The code that confirmed the app is used up.
    expect(await verifyTotpCode(user.id, code)).toBe(false);
  });

  it("keeps the recovery codes an account already has", async () => {
    const user = await insertUser();
    await db.recoveryCode.create({ data: { userId: user.id, codeHash: `kept-${user.id}` } });
    const { secret } = await startTotpEnrolment(user.id);
    const result = await confirmTotpEnrolment(user.id, await totpCodeAt(secret, Date.now()), TEST_META);
    expect(result).toEqual({ recoveryCodes: null });
    expect(await db.recoveryCode.findMany({ where: { userId: user.id } })).toMatchObject([
      { codeHash: `kept-${user.id}` },
    ]);
  });

  it("refuses a wrong or malformed code (400 on `code`) and leaves the setup pending", async () => {
    const user = await insertUser();
    const { secret } = await startTotpEnrolment(user.id);
    const right = await totpCodeAt(secret, Date.now());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    for (const code of [wrong, "", "12345", "abcdef", "x".repeat(10_000), await totpCodeAt(secret, midStep(-3))]) {
      const error = await appErrorFrom(confirmTotpEnrolment(user.id, code, TEST_META));
      expect(error.code).toBe("validation_failed");
      expect(error.fieldErrors).toHaveProperty("code");
    }
    expect((await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } })).confirmedAt).toBeNull();
    expect(await auditTypes(user.id)).toEqual([]);
  });

  it("starting again replaces a pending setup: the old secret's codes no longer confirm", async () => {
    const user = await insertUser();
    const first = await startTotpEnrolment(user.id);
    const second = await startTotpEnrolment(user.id);
    expect(second.secret).not.toBe(first.secret);
    const old = await appErrorFrom(confirmTotpEnrolment(user.id, await totpCodeAt(first.secret, Date.now()), null));
    expect(old.code).toBe("validation_failed");
    await confirmTotpEnrolment(user.id, await totpCodeAt(second.secret, Date.now()), null);
  });

  it("refuses to start or confirm when an app is already set up (409), and to confirm without or after expiry", async () => {
    const { user, secret } = await insertUserWithTotp();
    expect((await appErrorFrom(startTotpEnrolment(user.id))).code).toBe("conflict");
    expect((await appErrorFrom(confirmTotpEnrolment(user.id, await totpCodeAt(secret, Date.now()), null))).code).toBe(
      "conflict",
    );
    const fresh = await insertUser();
    expect((await appErrorFrom(confirmTotpEnrolment(fresh.id, "123456", null))).code).toBe("conflict");
    const { secret: pending } = await startTotpEnrolment(fresh.id);
    await db.totpFactor.update({
      where: { userId: fresh.id },
      data: { createdAt: new Date(Date.now() - 61 * 60 * 1000) },
    });
    expect(await pendingTotpEnrolment(fresh.id)).toBeNull();
    expect((await appErrorFrom(confirmTotpEnrolment(fresh.id, await totpCodeAt(pending, Date.now()), null))).code).toBe(
      "conflict",
    );
  });

  it("refuses a disabled account (401)", async () => {
    const user = await insertUser({ isActive: false });
    expect((await appErrorFrom(startTotpEnrolment(user.id))).code).toBe("unauthorized");
  });
});

describe("verifyTotpCode", () => {
  it("accepts the codes of the previous, current and next step", async () => {
    const now = midStep(10);
    for (const offset of [-1, 0, 1]) {
      const { user, secret } = await insertUserWithTotp();
      expect(await verifyTotpCode(user.id, await totpCodeAt(secret, now + offset * STEP), now), `${offset}`).toBe(true);
      expect((await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } })).lastStep).toBe(
        Math.floor(now / STEP) + offset,
      );
    }
  });

  it("refuses codes two steps away or more", async () => {
    const now = midStep(10);
    const { user, secret } = await insertUserWithTotp();
    for (const offset of [-10, -2, 2, 3]) {
      expect(await verifyTotpCode(user.id, await totpCodeAt(secret, now + offset * STEP), now), `${offset}`).toBe(
        false,
      );
    }
  });

  it("accepts each code once", async () => {
    const now = midStep(10);
    const { user, secret } = await insertUserWithTotp();
    const code = await totpCodeAt(secret, now);
    expect(await verifyTotpCode(user.id, code, now)).toBe(true);
    expect(await verifyTotpCode(user.id, code, now)).toBe(false);
    expect(await verifyTotpCode(user.id, code, now + STEP)).toBe(false);
    // The next step's code still works.
    expect(await verifyTotpCode(user.id, await totpCodeAt(secret, now + STEP), now + STEP)).toBe(true);
  });

  it("refuses an older step's code once a newer one was accepted", async () => {
    const now = midStep(10);
    const { user, secret } = await insertUserWithTotp();
    const previous = await totpCodeAt(secret, now - STEP);
    expect(await verifyTotpCode(user.id, await totpCodeAt(secret, now + STEP), now)).toBe(true);
    expect(await verifyTotpCode(user.id, previous, now)).toBe(false);
    expect(await verifyTotpCode(user.id, await totpCodeAt(secret, now), now)).toBe(false);
  });

  it("lets exactly one of concurrent checks of one code succeed", async () => {
    const now = midStep(10);
    const { user, secret } = await insertUserWithTotp();
    const code = await totpCodeAt(secret, now);
    const results = await Promise.all(Array.from({ length: 8 }, () => verifyTotpCode(user.id, code, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("does not accept codes of a setup that was not confirmed, or of another account", async () => {
    const now = Date.now();
    const user = await insertUser();
    const { secret } = await startTotpEnrolment(user.id);
    expect(await verifyTotpCode(user.id, await totpCodeAt(secret, now), now)).toBe(false);
    const other = await insertUserWithTotp();
    expect(await verifyTotpCode(user.id, await totpCodeAt(other.secret, now), now)).toBe(false);
    expect(await verifyTotpCode("no-such-user", await totpCodeAt(other.secret, now), now)).toBe(false);
  });

  it("answers false, never throws, for hostile input", async () => {
    const now = midStep(10);
    const { user, secret } = await insertUserWithTotp();
    const code = await totpCodeAt(secret, now);
    for (const bad of [
      "",
      code.slice(0, 5),
      `${code}0`,
      "abcdef",
      `${code.slice(0, 5)}a`,
      code.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))), // full-width digits
      `${code}\u0000`,
      "-12345",
      "1e5000",
      "9".repeat(100_000),
      null,
      undefined,
      123456,
      { code },
      [code],
    ]) {
      expect(await verifyTotpCode(user.id, bad as string, now), JSON.stringify(bad)?.slice(0, 20)).toBe(false);
    }
    expect(await verifyTotpCode(user.id, code, Number.NaN)).toBe(false);
    // Spaces inside a code are what people type: still the code.
    expect(await verifyTotpCode(user.id, ` ${code.slice(0, 3)} ${code.slice(3)} `, now)).toBe(true);
  });

  it("fails closed when the stored secret cannot be decrypted", async () => {
    const now = midStep(10);
    const { user, secret } = await insertUserWithTotp();
    await db.totpFactor.update({ where: { userId: user.id }, data: { secretCipher: "v1.broken" } });
    expect(await verifyTotpCode(user.id, await totpCodeAt(secret, now), now)).toBe(false);
  });
});

describe("removeTotp", () => {
  it("removes the app, tells the owner, and removes the recovery codes when no factor is left", async () => {
    const { user } = await insertUserWithTotp();
    await db.recoveryCode.create({ data: { userId: user.id, codeHash: `rc-${user.id}` } });
    await removeTotp(user.id, TEST_META);
    expect(await db.totpFactor.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await auditTypes(user.id)).toEqual(["mfa.totp_removed"]);
    const emails = await queuedEmails(user.email);
    expect(emails.map((e) => e.template === "security-notice" && e.data.event)).toEqual(["totp-removed"]);
  });

  it("keeps the recovery codes while a passkey remains", async () => {
    const { user } = await insertUserWithTotp();
    await db.passkey.create({
      data: { userId: user.id, credentialId: `cred-${user.id}`, publicKey: Buffer.from([1]), name: "Laptop" },
    });
    await db.recoveryCode.create({ data: { userId: user.id, codeHash: `rc-${user.id}` } });
    await removeTotp(user.id, TEST_META);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(1);
  });

  it("cancels a pending setup silently, and answers 404 when there is nothing to remove", async () => {
    const user = await insertUser();
    await startTotpEnrolment(user.id);
    await removeTotp(user.id, TEST_META);
    expect(await db.totpFactor.count({ where: { userId: user.id } })).toBe(0);
    expect(await auditTypes(user.id)).toEqual([]);
    expect(await queuedEmails(user.email)).toEqual([]);
    expect((await appErrorFrom(removeTotp(user.id, TEST_META))).code).toBe("not_found");
  });
});
