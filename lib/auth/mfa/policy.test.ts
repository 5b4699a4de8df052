// This file writes the instance's SecuritySettings row: it runs in its own database (every test
// file gets a copy of the template, lib/testing/setup-file.ts), so no other file sees its policy.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db";
import { insertMember } from "../../testing/org";
import { TEST_META } from "../../testing/fixtures";
import { sealSecret } from "./secret-box";
import {
  anyActiveAdminHasFactor,
  loadMfaPolicy,
  mustEnrolSecondFactor,
  saveMfaRequiredLevel,
  secondFactorRequired,
  userLevel,
} from "./policy";

async function giveTotp(userId: string) {
  await db.totpFactor.create({
    data: { userId, secretCipher: sealSecret("JBSWY3DPEHPK3PXP", userId), confirmedAt: new Date() },
  });
}

describe("secondFactorRequired (the rule)", () => {
  it("by default covers the Admins' level, and only once an Admin has a factor", () => {
    expect(secondFactorRequired(null, false, 1)).toBe(false);
    expect(secondFactorRequired(null, true, 1)).toBe(true);
    expect(secondFactorRequired(null, true, 2)).toBe(false);
    expect(secondFactorRequired(null, true, 999)).toBe(false);
  });

  it("once set, covers every level at or above (a lower or equal number) the one chosen, whoever has factors", () => {
    expect(secondFactorRequired({ mfaRequiredLevel: 2 }, false, 1)).toBe(true);
    expect(secondFactorRequired({ mfaRequiredLevel: 2 }, false, 2)).toBe(true);
    expect(secondFactorRequired({ mfaRequiredLevel: 2 }, true, 3)).toBe(false);
    expect(secondFactorRequired({ mfaRequiredLevel: 999 }, false, 999)).toBe(true);
    expect(secondFactorRequired({ mfaRequiredLevel: 999 }, false, 1000)).toBe(false);
  });

  it("set to null covers nobody, Admins included", () => {
    expect(secondFactorRequired({ mfaRequiredLevel: null }, true, 1)).toBe(false);
    expect(secondFactorRequired({ mfaRequiredLevel: null }, false, 1)).toBe(false);
  });
});

describe("the policy in the database", () => {
  beforeEach(async () => {
    await db.securitySettings.deleteMany({});
    await db.totpFactor.deleteMany({});
    await db.passkey.deleteMany({});
  });

  it("reads a user's level as the lowest among their roles (1000 with none)", async () => {
    const admin = await insertMember({ roles: ["Admin", "Employee"] });
    const employee = await insertMember();
    const nobody = await insertMember();
    await db.userRole.deleteMany({ where: { userId: nobody.id } });
    expect(await userLevel(admin.id)).toBe(1);
    expect(await userLevel(employee.id)).toBe(999);
    expect(await userLevel(nobody.id)).toBe(1000);
  });

  it("with no settings, sends nobody to enrolment until an active Admin has a factor, then the other Admins", async () => {
    const first = await insertMember({ roles: ["Admin"] });
    const second = await insertMember({ roles: ["Admin"] });
    const manager = await insertMember({ roles: ["Manager"] });
    expect(await anyActiveAdminHasFactor()).toBe(false);
    expect(await mustEnrolSecondFactor(second.id)).toBe(false);
    expect(await loadMfaPolicy()).toEqual({ mfaRequiredLevel: 1, isDefault: true, enforced: false });

    await giveTotp(first.id);
    expect(await anyActiveAdminHasFactor()).toBe(true);
    expect(await mustEnrolSecondFactor(first.id)).toBe(false);
    expect(await mustEnrolSecondFactor(second.id)).toBe(true);
    expect(await mustEnrolSecondFactor(second.id, 1)).toBe(true);
    expect(await mustEnrolSecondFactor(manager.id)).toBe(false);
    expect(await loadMfaPolicy()).toEqual({ mfaRequiredLevel: 1, isDefault: true, enforced: true });
  });

  it("does not count a disabled Admin's factor, nor one that waits for its first code", async () => {
    const disabled = await insertMember({ roles: ["Admin"] });
    await giveTotp(disabled.id);
    await db.user.update({ where: { id: disabled.id }, data: { isActive: false, disabledAt: new Date() } });
    const pending = await insertMember({ roles: ["Admin"] });
    await db.totpFactor.create({
      data: { userId: pending.id, secretCipher: sealSecret("JBSWY3DPEHPK3PXP", pending.id) },
    });
    expect(await anyActiveAdminHasFactor()).toBe(false);
    expect(await mustEnrolSecondFactor(pending.id)).toBe(false);
  });

  it("counts an active Admin whose only factor is a passkey", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    expect(await anyActiveAdminHasFactor()).toBe(false);
    await db.passkey.create({
      data: { userId: admin.id, credentialId: `cred-${admin.id}`, publicKey: Buffer.from([1]), name: "Key" },
    });
    expect(await anyActiveAdminHasFactor()).toBe(true);
  });

  it("once saved, follows the level chosen; null turns it off; each change is audited with who, from and to", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    const manager = await insertMember({ roles: ["Manager"] });
    const employee = await insertMember();

    expect(await saveMfaRequiredLevel(2, admin.id, TEST_META)).toEqual({
      mfaRequiredLevel: 2,
      isDefault: false,
      enforced: true,
    });
    expect(await mustEnrolSecondFactor(admin.id)).toBe(true);
    expect(await mustEnrolSecondFactor(manager.id)).toBe(true);
    expect(await mustEnrolSecondFactor(employee.id)).toBe(false);
    await giveTotp(manager.id);
    expect(await mustEnrolSecondFactor(manager.id)).toBe(false);

    expect(await saveMfaRequiredLevel(null, admin.id, TEST_META)).toEqual({
      mfaRequiredLevel: null,
      isDefault: false,
      enforced: false,
    });
    expect(await mustEnrolSecondFactor(admin.id)).toBe(false);

    const events = await db.auditEvent.findMany({
      where: { type: "security.policy_changed" },
      orderBy: { seq: "asc" },
      select: { actorId: true, userId: true, data: true },
    });
    expect(events).toEqual([
      { actorId: admin.id, userId: null, data: { setting: "mfaRequiredLevel", from: "default", to: 2 } },
      { actorId: admin.id, userId: null, data: { setting: "mfaRequiredLevel", from: 2, to: null } },
    ]);
  });
});
