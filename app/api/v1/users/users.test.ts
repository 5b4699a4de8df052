import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { call, insertUser, queuedEmails, STRONG_PASSWORD, uniqueName } from "@/lib/testing/fixtures";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { insertMember, insertRole, roleId } from "@/lib/testing/org";
import { GET as me } from "../me/route";
import { GET, POST } from "./route";
import { DELETE, GET as GET_ONE, PATCH } from "./[id]/route";

const LIMITED_KEYS = ["firstName", "id", "lastName", "photoUrl", "roles", "username"];
const FULL_KEYS = [
  "createdAt",
  "email",
  "firstName",
  "id",
  "isActive",
  "lastName",
  "managerId",
  "photoUrl",
  "roles",
  "username",
];

/** An Admin, a manager below them with a direct and a transitive report, and a peer manager with a report. */
async function organisation() {
  const admin = await insertMember({ roles: ["Admin"] });
  const manager = await insertMember({ roles: ["Manager"], managerId: admin.id });
  const report = await insertMember({ managerId: manager.id });
  const deep = await insertMember({ managerId: report.id });
  const peer = await insertMember({ roles: ["Manager"], managerId: admin.id });
  const peersReport = await insertMember({ managerId: peer.id });
  return { admin, manager, report, deep, peer, peersReport };
}

const one = (id: string) => ({ params: { id } });
const list = (cookie: string, query = "") => call(GET, "GET", `/api/v1/users${query}`, { cookie });
const get = (cookie: string, id: string) => call(GET_ONE, "GET", `/api/v1/users/${id}`, { cookie, ...one(id) });
const patch = (cookie: string, id: string, body: unknown) =>
  call(PATCH, "PATCH", `/api/v1/users/${id}`, { cookie, body, ...one(id) });
const remove = (cookie: string, id: string) => call(DELETE, "DELETE", `/api/v1/users/${id}`, { cookie, ...one(id) });
const create = (cookie: string, body: unknown) => call(POST, "POST", "/api/v1/users", { cookie, body });

describe("GET /api/v1/users", () => {
  it("answers a documented page: the caller first, then by username", async () => {
    const { manager } = await organisation();
    const response = await list(manager.cookie, "?pageSize=50");
    const body = (await expectDocumentedResponse(response, "/api/v1/users")) as {
      items: { id: string; username: string }[];
      page: number;
      pageSize: number;
      total: number;
    };
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(body.items[0]?.id).toBe(manager.id);
    const rest = body.items.slice(1).map((item) => item.username.toLowerCase());
    expect(rest).toEqual([...rest].sort());
    expect(body).toMatchObject({ page: 1, pageSize: 50 });
    expect(body.total).toBeGreaterThanOrEqual(6);
  });

  it("pages: pageSize defaults to 20, page 2 continues, a page past the end is empty with the total", async () => {
    const { admin } = await organisation();
    for (let i = 0; i < 3; i += 1) await insertUser();
    const first = await (await list(admin.cookie, "?pageSize=3")).json();
    const second = await (await list(admin.cookie, "?pageSize=3&page=2")).json();
    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(3);
    expect(new Set([...first.items, ...second.items].map((u: { id: string }) => u.id)).size).toBe(6);
    const past = await (await list(admin.cookie, "?page=100000")).json();
    expect(past).toMatchObject({ items: [], page: 100000, pageSize: 20, total: first.total });
  });

  it("pages are slices of one order, the caller first, however they are cut", async () => {
    const marker = uniqueName("slice");
    const lead = await insertMember({ roles: ["Manager"], username: `${marker}m` });
    for (const suffix of ["a", "z", "b", "y", "c"]) await insertUser({ username: `${marker}${suffix}` });
    const whole = await (await list(lead.cookie, `?q=${marker}&pageSize=50`)).json();
    expect(whole.total).toBe(6);
    const names = whole.items.map((u: { username: string }) => u.username);
    expect(names).toEqual([`${marker}m`, ...["a", "b", "c", "y", "z"].map((s) => `${marker}${s}`)]);
    for (const size of [1, 2, 4, 5]) {
      const pages = [];
      for (let page = 1; page <= Math.ceil(6 / size); page += 1) {
        const body = await (await list(lead.cookie, `?q=${marker}&pageSize=${size}&page=${page}`)).json();
        expect(body.total).toBe(6);
        pages.push(...body.items.map((u: { username: string }) => u.username));
      }
      expect(pages, `pageSize ${size}`).toEqual(names);
    }
    // When the caller is not among the matches, the order starts with the others.
    const others = await (await list(lead.cookie, `?q=${marker}a&pageSize=1`)).json();
    expect(others.items.map((u: { username: string }) => u.username)).toEqual([`${marker}a`]);
  });

  it.each([
    ["pageSize=51", "pageSize"],
    ["pageSize=0", "pageSize"],
    ["page=0", "page"],
    ["page=-1", "page"],
    ["page=abc", "page"],
    ["page=1.5", "page"],
    ["page=99999999999999999999", "page"],
    [`q=${"x".repeat(101)}`, "q"],
    ["roleId=%00", "roleId"],
    ["q=%00", "q"],
    ["q=a%0Ab", "q"],
  ])("?%s is a 400 naming the parameter", async (query, field) => {
    const { admin } = await organisation();
    const response = await list(admin.cookie, `?${query}`);
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toHaveProperty(field);
  });

  it("shows Admins everyone whole; others see themselves and their reports whole and the rest limited", async () => {
    const { admin, manager, report, deep, peer, peersReport } = await organisation();
    const everyone = [admin, manager, report, deep, peer, peersReport];
    const seenBy = async (cookie: string) => {
      // Each user searched by username: the list's page holds users of the other tests too.
      const seen = new Map<string, string[]>();
      for (const user of everyone) {
        const body = await (await list(cookie, `?q=${user.username}`)).json();
        const item = body.items.find((u: { id: string }) => u.id === user.id);
        seen.set(user.id, Object.keys(item).sort());
      }
      return seen;
    };
    const byAdmin = await seenBy(admin.cookie);
    for (const user of [admin, manager, peer, peersReport]) expect(byAdmin.get(user.id)).toEqual(FULL_KEYS);
    const byManager = await seenBy(manager.cookie);
    expect(byManager.get(manager.id)).toEqual(FULL_KEYS);
    expect(byManager.get(report.id)).toEqual(FULL_KEYS);
    expect(byManager.get(deep.id)).toEqual(FULL_KEYS);
    expect(byManager.get(peer.id)).toEqual(LIMITED_KEYS);
    expect(byManager.get(peersReport.id)).toEqual(LIMITED_KEYS);
    expect(byManager.get(admin.id)).toEqual(LIMITED_KEYS);
  });

  it("q matches username and names for everyone, email only for Admins; % and _ are literal", async () => {
    const { admin, manager } = await organisation();
    const marker = uniqueName("zq");
    const target = await insertUser({ email: `${marker}@example.test` });
    await db.user.update({ where: { id: target.id }, data: { lastName: `Lovelace_${marker}` } });
    const ids = async (cookie: string, q: string) =>
      (await (await list(cookie, `?q=${encodeURIComponent(q)}`)).json()).items.map((u: { id: string }) => u.id);
    expect(await ids(admin.cookie, `${marker}@`)).toEqual([target.id]);
    expect(await ids(manager.cookie, `${marker}@`)).toEqual([]);
    expect(await ids(manager.cookie, `lovelace_${marker}`)).toEqual([target.id]);
    expect(await ids(manager.cookie, target.username.toUpperCase())).toEqual([target.id]);
    expect(await ids(admin.cookie, "%")).toEqual([]);
    expect(await ids(admin.cookie, "Ω≈ç√∫˜µ≤≥÷ 🙂 \\ ' \" ; --")).toEqual([]);
  });

  it("roleId keeps the holders of one role", async () => {
    const { admin } = await organisation();
    const role = await insertRole(60, []);
    const holder = await insertMember({ roles: [role.id] });
    const body = await (await list(admin.cookie, `?roleId=${role.id}`)).json();
    expect(body.items.map((u: { id: string }) => u.id)).toEqual([holder.id]);
    expect(body.total).toBe(1);
  });

  it("needs users:read (403) and a session (401)", async () => {
    const employee = await insertMember();
    const denied = await list(employee.cookie);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: "forbidden", detail: "Missing permission users:read." });
    expect((await call(GET, "GET", "/api/v1/users")).status).toBe(401);
  });
});

describe("GET /api/v1/users/{id}", () => {
  it("answers one documented user with the same visibility as the list", async () => {
    const { manager, report, peersReport } = await organisation();
    const mine = await get(manager.cookie, report.id);
    expect(Object.keys((await expectDocumentedResponse(mine, "/api/v1/users/{id}")) as object).sort()).toEqual(
      FULL_KEYS,
    );
    const theirs = await get(manager.cookie, peersReport.id);
    expect(Object.keys(await theirs.json()).sort()).toEqual(LIMITED_KEYS);
  });

  it("an unknown id, or one that cannot be an id, is 404", async () => {
    const { admin } = await organisation();
    for (const id of ["nope", "x".repeat(65), "a b", "../me"]) {
      const response = await get(admin.cookie, id);
      expect(response.status, id).toBe(404);
      await expectDocumentedResponse(response, "/api/v1/users/{id}");
    }
  });
});

describe("POST /api/v1/users", () => {
  it("creates an active user with the default role, managed by the caller", async () => {
    const { manager } = await organisation();
    const username = uniqueName("new");
    const response = await create(manager.cookie, {
      username,
      email: `${username.toUpperCase()}@Example.test`,
      password: STRONG_PASSWORD,
      firstName: "Ada",
    });
    expect(response.status).toBe(201);
    const user = (await expectDocumentedResponse(response, "/api/v1/users", "post")) as Record<string, unknown>;
    expect(user).toMatchObject({
      username,
      email: `${username}@example.test`,
      firstName: "Ada",
      isActive: true,
      managerId: manager.id,
      roles: [{ name: "Employee", level: 999 }],
    });
    expect(response.headers.get("location")).toBe(`/api/v1/users/${user.id as string}`);
    const audit = await db.auditEvent.findMany({
      where: { type: { in: ["user.created", "account.registered"] }, userId: user.id as string },
    });
    expect(audit.map((event) => [event.type, event.actorId]).sort()).toEqual([
      ["account.registered", manager.id],
      ["user.created", manager.id],
    ]);
  });

  it("without a password, emails an invitation and the account has no password yet", async () => {
    const { admin } = await organisation();
    const username = uniqueName("invitee");
    const response = await create(admin.cookie, { username, email: `${username}@example.test` });
    expect(response.status).toBe(201);
    const emails = await queuedEmails(`${username}@example.test`);
    expect(emails.map((email) => email.template)).toEqual(["invitation"]);
    const row = await db.user.findUniqueOrThrow({ where: { usernameKey: username.toLowerCase() } });
    expect(row.passwordHash).toBeNull();
  });

  it("roles must be strictly below the caller's level; a non-Admin names only themselves or a report as manager", async () => {
    const { admin, manager, report, peer } = await organisation();
    const body = (extra: object) => ({ username: uniqueName(), email: `${uniqueName()}@example.test`, ...extra });
    expect((await create(manager.cookie, body({ roleIds: [await roleId("Manager")] }))).status).toBe(403);
    expect((await create(admin.cookie, body({ roleIds: [await roleId("Admin")] }))).status).toBe(403);
    expect((await create(admin.cookie, body({ roleIds: [await roleId("Manager")] }))).status).toBe(201);
    expect((await create(manager.cookie, body({ managerId: peer.id }))).status).toBe(403);
    expect((await create(manager.cookie, body({ managerId: null }))).status).toBe(403);
    expect((await create(manager.cookie, body({ managerId: report.id }))).status).toBe(201);
  });

  it("a taken username or email is 409 naming the field; an unknown role or manager 400", async () => {
    const { admin, report } = await organisation();
    const taken = await create(admin.cookie, { username: report.username.toUpperCase(), email: "free@example.test" });
    expect(taken.status).toBe(409);
    expect((await taken.json()).errors).toHaveProperty("username");
    const email = await create(admin.cookie, { username: uniqueName(), email: report.email });
    expect(email.status).toBe(409);
    expect((await email.json()).errors).toHaveProperty("email");
    const role = await create(admin.cookie, { username: uniqueName(), email: "r@example.test", roleIds: ["nope"] });
    expect(role.status).toBe(400);
    expect((await role.json()).errors).toHaveProperty("roleIds");
    const boss = await create(admin.cookie, { username: uniqueName(), email: "b@example.test", managerId: "nope" });
    expect(boss.status).toBe(400);
    expect((await boss.json()).errors).toHaveProperty("managerId");
  });

  it("replaces a never-activated registration of the address, so a stranger cannot block the invitation", async () => {
    const { admin } = await organisation();
    const squatter = await insertUser({ isActive: false, email: `${uniqueName()}@example.test` });
    const username = uniqueName();
    const response = await create(admin.cookie, { username, email: squatter.email });
    expect(response.status).toBe(201);
    expect(await db.user.findUnique({ where: { id: squatter.id } })).toBeNull();
    const emails = (await queuedEmails(squatter.email)).map((email) => email.template);
    expect(emails).toContain("invitation");
  });

  it.each([
    ["missing username", { email: "a@example.test" }, "username"],
    ["a bad email", { username: "okname", email: "not-an-email" }, "email"],
    ["a weak password", { username: "okname", email: "a@example.test", password: "password" }, "password"],
    ["roleIds not a list", { username: "okname", email: "a@example.test", roleIds: "Admin" }, "roleIds"],
    [
      "too many roles",
      {
        username: "okname",
        email: "a@example.test",
        roleIds: Array(21)
          .fill(0)
          .map((_, i) => `r${i}`),
      },
      "roleIds",
    ],
    ["a control character", { username: "okname", email: "a@example.test", firstName: "A\u0000" }, "firstName"],
    ["managerId a number", { username: "okname", email: "a@example.test", managerId: 7 }, "managerId"],
  ])("%s is a 400 naming the field", async (_, body, field) => {
    const { admin } = await organisation();
    const response = await create(admin.cookie, body);
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toHaveProperty(field);
  });

  it("malformed JSON is 400, an oversized body 413, and nothing is created", async () => {
    const { admin } = await organisation();
    const before = await db.user.count();
    expect(
      (
        await call(POST, "POST", "/api/v1/users", {
          cookie: admin.cookie,
          raw: "{",
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(400);
    const huge = { username: uniqueName(), email: "h@example.test", firstName: "x".repeat(20_000) };
    expect((await create(admin.cookie, huge)).status).toBe(413);
    expect(await db.user.count()).toBe(before);
  });

  it("needs users:create", async () => {
    const auditor = await insertMember({ roles: [(await insertRole(50, ["users:read"])).id] });
    expect((await create(auditor.cookie, { username: uniqueName(), email: "x@example.test" })).status).toBe(403);
  });
});

describe("PATCH /api/v1/users/{id}", () => {
  it("a manager edits a direct or transitive report, never a peer's report", async () => {
    const { manager, report, deep, peersReport } = await organisation();
    const response = await patch(manager.cookie, report.id, { firstName: "Grace", lastName: "Hopper" });
    expect(response.status).toBe(200);
    expect(await expectDocumentedResponse(response, "/api/v1/users/{id}", "patch")).toMatchObject({
      firstName: "Grace",
      lastName: "Hopper",
    });
    expect((await patch(manager.cookie, deep.id, { firstName: "Deep" })).status).toBe(200);
    const denied = await patch(manager.cookie, peersReport.id, { firstName: "Mallory" });
    expect(denied.status).toBe(403);
    expect((await db.user.findUniqueOrThrow({ where: { id: peersReport.id } })).firstName).toBe("");
  });

  it("replaces roles under the level rule, writes an audit event, and nobody changes their own", async () => {
    const { admin, manager, report } = await organisation();
    const team = await insertRole(40, ["users:read"]);
    const ok = await patch(manager.cookie, report.id, { roleIds: [team.id] });
    expect(ok.status).toBe(200);
    expect((await ok.json()).roles.map((r: { id: string }) => r.id)).toEqual([team.id]);
    const event = await db.auditEvent.findFirst({ where: { type: "user.roles_changed", userId: report.id } });
    expect(event).toMatchObject({ actorId: manager.id, data: { added: [team.name], removed: ["Employee"] } });
    expect((await patch(manager.cookie, report.id, { roleIds: [await roleId("Manager")] })).status).toBe(403);
    expect((await patch(admin.cookie, admin.id, { roleIds: [] })).status).toBe(403);
    // The same set again is no change.
    expect((await patch(admin.cookie, admin.id, { roleIds: [await roleId("Admin")] })).status).toBe(200);
  });

  it("a role carrying permissions the caller does not hold cannot be granted (403)", async () => {
    const { manager, report } = await organisation();
    const auditors = await insertRole(50, ["audit:read"]);
    expect((await patch(manager.cookie, report.id, { roleIds: [auditors.id] })).status).toBe(403);
    const username = uniqueName();
    const puppet = await create(manager.cookie, {
      username,
      email: `${username}@example.test`,
      roleIds: [auditors.id],
    });
    expect(puppet.status).toBe(403);
  });

  it("a manager that would make a loop is 400 manager_cycle", async () => {
    const { admin, manager, deep } = await organisation();
    const response = await patch(admin.cookie, manager.id, { managerId: deep.id });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "manager_cycle" });
    expect((await patch(admin.cookie, manager.id, { managerId: manager.id })).status).toBe(400);
    expect((await db.user.findUniqueOrThrow({ where: { id: manager.id } })).managerId).toBe(admin.id);
  });

  it("moves a report to another manager below the caller, and not outside the caller's subtree", async () => {
    const { manager, report, deep, peer } = await organisation();
    expect((await patch(manager.cookie, deep.id, { managerId: manager.id })).status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: deep.id } })).managerId).toBe(manager.id);
    expect((await patch(manager.cookie, report.id, { managerId: peer.id })).status).toBe(403);
  });

  it("disabling revokes every session and token at once; enabling lets the user sign in again", async () => {
    const { manager, report } = await organisation();
    expect((await call(me, "GET", "/api/v1/me", { cookie: report.cookie })).status).toBe(200);
    const response = await patch(manager.cookie, report.id, { isActive: false });
    expect(response.status).toBe(200);
    expect((await response.json()).isActive).toBe(false);
    expect((await call(me, "GET", "/api/v1/me", { cookie: report.cookie })).status).toBe(401);
    expect(await db.session.count({ where: { userId: report.id } })).toBe(0);
    const enabled = await patch(manager.cookie, report.id, { isActive: true });
    expect((await enabled.json()).isActive).toBe(true);
  });

  it("a manager cannot take over an Admin placed below them (email, disable, reset link, delete: 403)", async () => {
    const { manager } = await organisation();
    const boss = await insertMember({ roles: ["Admin"], managerId: manager.id });
    const hijack = await patch(manager.cookie, boss.id, { email: `${uniqueName()}@example.test` });
    expect(hijack.status).toBe(403);
    expect((await patch(manager.cookie, boss.id, { isActive: false })).status).toBe(403);
    expect((await remove(manager.cookie, boss.id)).status).toBe(403);
    expect((await db.user.findUniqueOrThrow({ where: { id: boss.id } })).email).toBe(boss.email);
  });

  it("a changed email is written and the old address is told", async () => {
    const { manager, report } = await organisation();
    const next = `${uniqueName()}@example.test`;
    const response = await patch(manager.cookie, report.id, { email: next.toUpperCase() });
    expect((await response.json()).email).toBe(next);
    const notices = (await queuedEmails(report.email)).filter((email) => email.template === "security-notice");
    expect(notices.map((email) => ("event" in email.data ? email.data.event : null))).toEqual(["email-changed"]);
    const event = await db.auditEvent.findFirst({ where: { type: "user.updated", userId: report.id } });
    expect(event?.data).toMatchObject({ email: { from: report.email, to: next } });
  });

  it("an email another account holds is 409; an unknown user 404; a non-boolean isActive 400", async () => {
    const { admin, report, deep } = await organisation();
    expect((await patch(admin.cookie, report.id, { email: deep.email })).status).toBe(409);
    expect((await patch(admin.cookie, "nope", { firstName: "x" })).status).toBe(404);
    expect((await patch(admin.cookie, report.id, { isActive: "no" })).status).toBe(400);
  });

  it("without users:update it is 403 whether or not the id exists", async () => {
    const reader = await insertMember({ roles: [(await insertRole(50, ["users:read"])).id] });
    expect((await patch(reader.cookie, "nope", { firstName: "x" })).status).toBe(403);
    expect((await patch(reader.cookie, reader.id, { firstName: "x" })).status).toBe(403);
  });

  it("a permission taken from a role applies on the holder's next request", async () => {
    const { admin } = await organisation();
    const role = await insertRole(30, ["users:read", "users:update"]);
    const lead = await insertMember({ roles: [role.id], managerId: admin.id });
    const member = await insertMember({ managerId: lead.id });
    expect((await patch(lead.cookie, member.id, { firstName: "Before" })).status).toBe(200);
    const { PATCH: patchRole } = await import("../roles/[id]/route");
    const changed = await call(patchRole, "PATCH", `/api/v1/roles/${role.id}`, {
      cookie: admin.cookie,
      body: { permissions: ["users:read"] },
      params: { id: role.id },
    });
    expect(changed.status).toBe(200);
    expect((await patch(lead.cookie, member.id, { firstName: "After" })).status).toBe(403);
  });
});

describe("DELETE /api/v1/users/{id}", () => {
  it("deletes a report, moves their reports up to their manager, and ends their sessions at once", async () => {
    const { manager, report, deep } = await organisation();
    const response = await remove(manager.cookie, report.id);
    expect(response.status).toBe(204);
    expect(await db.user.findUnique({ where: { id: report.id } })).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: deep.id } })).managerId).toBe(manager.id);
    expect((await call(me, "GET", "/api/v1/me", { cookie: report.cookie })).status).toBe(401);
    const event = await db.auditEvent.findFirst({ where: { type: "user.deleted", userId: report.id } });
    expect(event).toMatchObject({ actorId: manager.id, data: { reportsMoved: 1, reportsMovedTo: manager.id } });
  });

  it("yourself: 400 cannot_delete_self; outside your subtree: 403; unknown: 404", async () => {
    const { admin, manager, peersReport } = await organisation();
    const self = await remove(manager.cookie, manager.id);
    expect(self.status).toBe(400);
    expect(await self.json()).toMatchObject({ code: "cannot_delete_self" });
    expect((await remove(admin.cookie, admin.id)).status).toBe(400);
    expect((await remove(manager.cookie, peersReport.id)).status).toBe(403);
    expect((await remove(admin.cookie, "nope")).status).toBe(404);
    expect(await db.user.findUnique({ where: { id: peersReport.id } })).not.toBeNull();
  });
});
