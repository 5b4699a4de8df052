import { describe, expect, it } from "vitest";
import { generateRecoveryCodes } from "@/lib/auth/mfa/recovery-codes";
import { sealSecret } from "@/lib/auth/mfa/secret-box";
import { startTokenFamily } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db";
import { call, queuedEmails, TEST_META } from "@/lib/testing/fixtures";
import { insertMember, insertRole } from "@/lib/testing/org";
import { GET as me } from "../../../me/route";
import { DELETE } from "./route";

const reset = (cookie: string | undefined, id: string) =>
  call(DELETE, "DELETE", `/api/v1/users/${id}/mfa`, { cookie, params: { id } });

/** A member with an authenticator app, a passkey row, recovery codes, a pending sign-in and an API token family. */
async function memberWithFactors(options: Parameters<typeof insertMember>[0] = {}) {
  const member = await insertMember(options);
  await db.totpFactor.create({
    data: { userId: member.id, secretCipher: sealSecret("JBSWY3DPEHPK3PXP", member.id), confirmedAt: new Date() },
  });
  await db.passkey.create({
    data: { userId: member.id, credentialId: `cred-${member.id}`, publicKey: Buffer.from([1, 2, 3]), name: "Key" },
  });
  await generateRecoveryCodes(member.id, TEST_META);
  await db.signInChallenge.create({
    data: {
      tokenHash: `h-${member.id}`,
      userId: member.id,
      kind: "BROWSER",
      method: "password",
      expiresAt: new Date(Date.now() + 60_000),
    },
  });
  const { tokens } = await startTokenFamily(member.id, TEST_META);
  return { ...member, accessToken: tokens.access_token };
}

async function factorsOf(userId: string) {
  const [totp, passkeys, codes, challenges, sessions] = await Promise.all([
    db.totpFactor.count({ where: { userId } }),
    db.passkey.count({ where: { userId } }),
    db.recoveryCode.count({ where: { userId } }),
    db.signInChallenge.count({ where: { userId } }),
    db.session.count({ where: { userId } }),
  ]);
  return { totp, passkeys, codes, challenges, sessions };
}

describe("DELETE /api/v1/users/{id}/mfa", () => {
  it("removes every second factor, ends every session and token, emails the owner and audits the Admin", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    const user = await memberWithFactors();
    const response = await reset(admin.cookie, user.id);
    expect(response.status).toBe(204);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await factorsOf(user.id)).toEqual({ totp: 0, passkeys: 0, codes: 0, challenges: 0, sessions: 0 });
    expect((await call(me, "GET", "/api/v1/me", { cookie: user.cookie })).status).toBe(401);
    expect((await call(me, "GET", "/api/v1/me", { bearer: user.accessToken })).status).toBe(401);
    const event = await db.auditEvent.findFirst({ where: { userId: user.id, type: "mfa.reset_by_admin" } });
    expect(event).toMatchObject({
      actorId: admin.id,
      data: { totp: true, passkeys: 1, recoveryCodes: 10, sessions: 2 },
    });
    const notices = (await queuedEmails(user.email)).filter((email) => email.template === "security-notice");
    expect(notices.at(-1)).toMatchObject({ data: { event: "second-factors-reset" } });
    expect((await call(me, "GET", "/api/v1/me", { cookie: admin.cookie })).status).toBe(200);
  });

  it("lets a manager reset a report below them, but not a peer's report, someone above them, nor themselves", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    const manager = await insertMember({ roles: ["Manager"], managerId: admin.id });
    const report = await memberWithFactors({ managerId: manager.id });
    const peer = await insertMember({ roles: ["Manager"], managerId: admin.id });
    const peersReport = await memberWithFactors({ managerId: peer.id });
    // No Admin in this file gets a factor: that would turn the default second-factor policy on for the others.
    const adminBelow = await insertMember({ roles: ["Admin"], managerId: manager.id });

    expect((await reset(manager.cookie, report.id)).status).toBe(204);
    expect((await reset(manager.cookie, peersReport.id)).status).toBe(403);
    expect((await reset(manager.cookie, adminBelow.id)).status).toBe(403);
    expect((await reset(admin.cookie, admin.id)).status).toBe(403);
    expect((await factorsOf(peersReport.id)).totp).toBe(1);
    expect(await db.auditEvent.count({ where: { userId: adminBelow.id, type: "mfa.reset_by_admin" } })).toBe(0);
  });

  it("needs users:update, a signed-in caller from our own site, and a user that exists", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    const reader = await insertMember({ roles: [(await insertRole(5, ["users:read"])).id] });
    const target = await memberWithFactors();
    expect((await reset(reader.cookie, target.id)).status).toBe(403);
    expect((await reset(undefined, target.id)).status).toBe(401);
    const crossSite = await call(DELETE, "DELETE", "/x", {
      cookie: admin.cookie,
      params: { id: target.id },
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    expect((await reset(admin.cookie, "c".repeat(25))).status).toBe(404);
    expect((await reset(admin.cookie, "../etc")).status).toBe(404);
    expect((await factorsOf(target.id)).totp).toBe(1);
  });
});
