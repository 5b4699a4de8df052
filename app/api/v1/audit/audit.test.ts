import { canonicalEvent, chainHash } from "@/lib/audit/chain";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { startTokenFamily } from "@/lib/auth/api-tokens";
import { ADMIN_ROLE } from "@/lib/authz";
import { invalidateRoleCache } from "@/lib/authz/role-cache";
import { seedBuiltInRoles } from "@/lib/authz/seed";
import { db } from "@/lib/db";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { call, insertSignedInUser, TEST_META } from "@/lib/testing/fixtures";
import { GET } from "./route";

const PATH = "/api/v1/audit";

type Page = {
  items: {
    id: string;
    at: string;
    type: string;
    actorId: string | null;
    userId: string | null;
    ip: string;
    userAgent: string;
    data: unknown;
    hash: string | null;
    prevHash: string | null;
  }[];
  page: number;
  pageSize: number;
  total: number;
};

/** A signed-in holder of the built-in Admin role (which has audit:read). */
async function insertAdmin() {
  const signedIn = await insertSignedInUser();
  const admin = await db.role.findUniqueOrThrow({ where: { name: ADMIN_ROLE } });
  await db.userRole.create({ data: { userId: signedIn.user.id, roleId: admin.id } });
  return signedIn;
}

async function list(cookie: string, query = "") {
  const response = await call(GET, "GET", `${PATH}${query}`, { cookie });
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

let subject: string;

beforeAll(async () => {
  await seedBuiltInRoles(db);
  await invalidateRoleCache();
  subject = (await insertSignedInUser()).user.id;
  // 25 events about one user, in a known order, with two types.
  for (let i = 0; i < 25; i += 1) {
    await recordAudit(i % 5 === 0 ? "login.failed" : "login.succeeded", {
      userId: subject,
      meta: TEST_META,
      data: { i },
    });
  }
});

describe("GET /api/v1/audit", () => {
  it("refuses a visitor without a session with 401", async () => {
    await expectDocumentedResponse(await call(GET, "GET", PATH), PATH).then((body) =>
      expect(body).toMatchObject({ status: 401 }),
    );
  });

  it("refuses a signed-in user without audit:read with 403 naming the permission", async () => {
    const { cookie } = await insertSignedInUser();
    const response = await call(GET, "GET", PATH, { cookie });
    expect(response.status).toBe(403);
    expect(await expectDocumentedResponse(response, PATH)).toMatchObject({
      status: 403,
      detail: expect.stringContaining("audit:read"),
    });
  });

  it("answers an Admin with a documented page of events, newest first, with their chain hashes", async () => {
    const { cookie } = await insertAdmin();
    const response = await call(GET, "GET", `${PATH}?userId=${subject}`, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await expectDocumentedResponse(response, PATH)) as Page;
    expect(body).toMatchObject({ page: 1, pageSize: 20, total: 25 });
    expect(body.items).toHaveLength(20);
    expect(body.items[0]).toMatchObject({ type: "login.succeeded", userId: subject, data: { i: 24 } });
    expect(Object.keys(body.items[0]!).sort()).toEqual(
      ["actorId", "at", "data", "hash", "id", "ip", "prevHash", "type", "userAgent", "userId"].sort(),
    );
    // Anyone holding the answer can recompute each hash from the event as published.
    for (const item of body.items) {
      const { at, hash, prevHash, ...event } = item;
      expect(chainHash(prevHash!, canonicalEvent({ ...event, createdAt: new Date(at) }))).toBe(hash);
    }
    // Newest first, each event linked to the one recorded before it.
    const times = body.items.map((item) => Date.parse(item.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(body.items[0]!.prevHash).toBe(body.items[1]!.hash);
  });

  it("filters by user and by type, and counts the filtered total", async () => {
    const { cookie, user } = await insertAdmin();
    const failed = await list(cookie, `?userId=${subject}&type=login.failed`);
    expect(failed.total).toBe(5);
    expect(failed.items.map((item) => item.type)).toEqual(Array(5).fill("login.failed"));
    expect((await list(cookie, `?userId=${user.id}`)).total).toBe(0);
    expect((await list(cookie, "?type=no.such_type")).items).toEqual([]);
    const all = await list(cookie, "?type=login.failed");
    expect(all.items.every((item) => item.type === "login.failed")).toBe(true);
  });

  it("pages through the events without overlap", async () => {
    const { cookie } = await insertAdmin();
    const first = await list(cookie, `?userId=${subject}&pageSize=10`);
    const second = await list(cookie, `?userId=${subject}&pageSize=10&page=2`);
    const third = await list(cookie, `?userId=${subject}&pageSize=10&page=3`);
    const beyond = await list(cookie, `?userId=${subject}&pageSize=10&page=4`);
    expect([first, second, third].map((page) => page.items.length)).toEqual([10, 10, 5]);
    expect(third).toMatchObject({ page: 3, pageSize: 10, total: 25 });
    expect(beyond.items).toEqual([]);
    const ids = [first, second, third].flatMap((page) => page.items.map((item) => item.id));
    expect(new Set(ids).size).toBe(25);
    expect(third.items.at(-1)).toMatchObject({ type: "login.failed" });
  });

  it("refuses a pageSize over 50, a page that is not a positive number, and malformed filters with 400", async () => {
    const { cookie } = await insertAdmin();
    for (const query of [
      "?pageSize=51",
      "?pageSize=0",
      "?page=abc",
      "?page=0",
      "?page=-1",
      "?page=1.5",
      "?page=99999999999999999999",
      "?type=DROP%20TABLE",
      "?userId=a%20b",
    ]) {
      const response = await call(GET, "GET", `${PATH}${query}`, { cookie });
      expect(response.status, query).toBe(400);
      expect(await expectDocumentedResponse(response, PATH)).toMatchObject({ code: "validation_failed" });
    }
    expect((await list(cookie, "?pageSize=50&unknown=1")).pageSize).toBe(50);
  });

  it("accepts a Bearer token like the session cookie", async () => {
    const { user } = await insertAdmin();
    const { tokens } = await startTokenFamily(user.id, TEST_META);
    const response = await call(GET, "GET", `${PATH}?pageSize=1`, { bearer: tokens.access_token });
    expect(response.status).toBe(200);
  });
});
