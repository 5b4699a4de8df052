// Writes the instance's SecuritySettings row: safe, as every test file has its own database.
import { beforeEach, describe, expect, it } from "vitest";
import { sealSecret } from "@/lib/auth/mfa/secret-box";
import { db } from "@/lib/db";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { call, STRONG_PASSWORD } from "@/lib/testing/fixtures";
import { insertMember, insertRole } from "@/lib/testing/org";
import { GET as audit } from "../../audit/route";
import { POST as login } from "../../auth/login/route";
import { POST as token } from "../../auth/token/route";
import { GET as me } from "../../me/route";
import { GET as users } from "../../users/route";
import { GET, PUT } from "./route";

const PATH = "/api/v1/security/mfa-policy";
const read = (cookie: string) => call(GET, "GET", PATH, { cookie });
const write = (cookie: string, body: unknown) => call(PUT, "PUT", PATH, { cookie, body });

async function giveTotp(userId: string) {
  await db.totpFactor.create({
    data: { userId, secretCipher: sealSecret("JBSWY3DPEHPK3PXP", userId), confirmedAt: new Date() },
  });
}

beforeEach(async () => {
  await db.securitySettings.deleteMany({});
  await db.totpFactor.deleteMany({});
});

describe("GET and PUT /api/v1/security/mfa-policy", () => {
  it("shows an Admin the default, which applies once an Admin has a factor", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    const response = await read(admin.cookie);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await expectDocumentedResponse(response, PATH)).toEqual({
      mfaRequiredLevel: 1,
      isDefault: true,
      enforced: false,
    });
    await giveTotp(admin.id);
    expect(await (await read(admin.cookie)).json()).toEqual({ mfaRequiredLevel: 1, isDefault: true, enforced: true });
  });

  it("lets an Admin set a level or nobody, audited with the Admin as actor", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    await giveTotp(admin.id);
    const response = await write(admin.cookie, { mfaRequiredLevel: 2, extra: "ignored" });
    expect(await expectDocumentedResponse(response, PATH, "put")).toEqual({
      mfaRequiredLevel: 2,
      isDefault: false,
      enforced: true,
    });
    expect(await (await write(admin.cookie, { mfaRequiredLevel: null })).json()).toMatchObject({
      mfaRequiredLevel: null,
      enforced: false,
    });
    const events = await db.auditEvent.findMany({
      where: { type: "security.policy_changed" },
      orderBy: { seq: "asc" },
    });
    expect(events.map((event) => [event.actorId, event.data])).toEqual([
      [admin.id, { setting: "mfaRequiredLevel", from: "default", to: 2 }],
      [admin.id, { setting: "mfaRequiredLevel", from: 2, to: null }],
    ]);
  });

  it("will not let an Admin without a factor require one of their own level (409), only of levels below", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    const refused = await write(admin.cookie, { mfaRequiredLevel: 1 });
    expect(refused.status).toBe(409);
    expect((await refused.json()).errors).toHaveProperty("mfaRequiredLevel");
    expect(await db.securitySettings.count()).toBe(0);
    expect((await write(admin.cookie, { mfaRequiredLevel: null })).status).toBe(200);
  });

  it("refuses everyone but Admins, even a role that holds security:manage, and anonymous callers", async () => {
    const manager = await insertMember({ roles: ["Manager"] });
    const keeper = await insertMember({ roles: [(await insertRole(5, ["security:manage", "users:read"])).id] });
    for (const cookie of [manager.cookie, keeper.cookie]) {
      expect((await read(cookie)).status).toBe(403);
      expect((await write(cookie, { mfaRequiredLevel: null })).status).toBe(403);
    }
    expect((await call(GET, "GET", PATH)).status).toBe(401);
    expect(await db.securitySettings.count()).toBe(0);
  });

  it("answers 400 for a level that is not a role level, and for bodies that are not the shape", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    for (const body of [
      {},
      { mfaRequiredLevel: 0 },
      { mfaRequiredLevel: 1000 },
      { mfaRequiredLevel: 1.5 },
      { mfaRequiredLevel: "1" },
    ]) {
      const response = await write(admin.cookie, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json()).errors).toHaveProperty("mfaRequiredLevel");
    }
    const malformed = { cookie: admin.cookie, raw: "{not json", headers: { "content-type": "application/json" } };
    expect((await call(PUT, "PUT", PATH, malformed)).status).toBe(400);
    expect(await db.securitySettings.count()).toBe(0);
  });
});

describe("an account the policy covers, without a factor", () => {
  it("signs in and reads its own account, but the permission-checked API answers mfa_enrollment_required", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    await db.securitySettings.create({ data: { id: 1, mfaRequiredLevel: 2 } });
    const manager = await insertMember({ roles: ["Manager"] });
    const signIn = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: manager.username, password: STRONG_PASSWORD },
    });
    expect(signIn.status).toBe(200);
    expect((await call(me, "GET", "/api/v1/me", { cookie: manager.cookie })).status).toBe(200);
    const refused = await call(users, "GET", "/api/v1/users", { cookie: manager.cookie });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "mfa_enrollment_required" });
    expect((await call(audit, "GET", "/api/v1/audit", { cookie: admin.cookie })).status).toBe(403);
    expect((await read(admin.cookie)).status).toBe(403);

    await giveTotp(manager.id);
    expect((await call(users, "GET", "/api/v1/users", { cookie: manager.cookie })).status).toBe(200);
  });

  it("gets no tokens from the password grant: 400 mfa_enrollment_required in OAuth's shape", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    await db.securitySettings.create({ data: { id: 1, mfaRequiredLevel: 1 } });
    const response = await call(token, "POST", "/api/v1/auth/token", {
      body: { grant_type: "password", identifier: admin.username, password: STRONG_PASSWORD },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({ error: "mfa_enrollment_required", error_description: expect.any(String) });
    expect(await db.session.count({ where: { userId: admin.id, kind: "API" } })).toBe(0);
  });
});
