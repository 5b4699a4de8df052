import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { TEST_META } from "../testing/fixtures";
import { insertMember } from "../testing/org";
import { updateUser } from "../users";
import { loadAccess } from "./access";

// "ancestors" (every manager above a user, top first) is kept by triggers on "managerId"
// (migration user_ancestors, decision 095). These tests hold it to the recursive walk it stands for.

/** Users of this test (ids starting with `prefix`, or those listed) whose stored chain is not the recursive walk's. */
async function mismatches(
  prefix: string | string[],
): Promise<{ id: string; stored: string[]; walked: string[] | null }[]> {
  const ids = typeof prefix === "string" ? null : prefix;
  const like = typeof prefix === "string" ? `${prefix}%` : "";
  return db.$queryRaw`
    WITH RECURSIVE chain ("id", "above") AS (
      SELECT "id", ARRAY[]::text[] FROM "User" WHERE "managerId" IS NULL
      UNION ALL
      SELECT u."id", c."above" || u."managerId" FROM "User" u JOIN chain c ON u."managerId" = c."id"
    )
    SELECT u."id", u."ancestors" AS stored, c."above" AS walked
    FROM "User" u LEFT JOIN chain c ON c."id" = u."id"
    WHERE (u."id" LIKE ${like} OR u."id" = ANY(${ids ?? []}::text[])) AND u."ancestors" IS DISTINCT FROM c."above"`;
}

async function ancestorsOf(id: string): Promise<string[]> {
  return (await db.user.findUniqueOrThrow({ where: { id }, select: { ancestors: true } })).ancestors;
}

function org() {
  const prefix = `anc-${randomUUID().slice(0, 8)}-`;
  const create = (name: string, managerId: string | null = null) =>
    db.user.create({
      data: {
        id: `${prefix}${name}`,
        username: `${prefix}${name}`,
        usernameKey: `${prefix}${name}`,
        email: `${prefix}${name}@example.test`,
        managerId: managerId === null ? null : `${prefix}${managerId}`,
      },
    });
  return { prefix, id: (name: string) => `${prefix}${name}`, create };
}

describe("the ancestor index", () => {
  it("gives a user placed under a manager that manager's chain and the manager", async () => {
    const { id, create } = org();
    await create("ceo");
    await create("cto", "ceo");
    await create("dev", "cto");
    expect(await ancestorsOf(id("ceo"))).toEqual([]);
    expect(await ancestorsOf(id("dev"))).toEqual([id("ceo"), id("cto")]);
  });

  it("sees managers inserted earlier in the same statement (a bulk import, parents first)", async () => {
    const { prefix, id } = org();
    const people = ["root", "child", "grandchild"].map((name, i, all) => ({
      id: id(name),
      username: id(name),
      usernameKey: id(name),
      email: `${id(name)}@example.test`,
      managerId: i === 0 ? null : id(all[i - 1]!),
    }));
    await db.user.createMany({ data: people });
    expect(await ancestorsOf(id("grandchild"))).toEqual([id("root"), id("child")]);
    expect(await mismatches(prefix)).toEqual([]);
  });

  it("moves a whole subtree with its head, and empties it when the head has no manager", async () => {
    const { prefix, id, create } = org();
    for (const [name, manager] of [
      ["a", null],
      ["b", null],
      ["a1", "a"],
      ["a2", "a1"],
      ["a3", "a2"],
      ["b1", "b"],
    ] as const) {
      await create(name, manager);
    }
    await db.user.update({ where: { id: id("a1") }, data: { managerId: id("b1") } });
    expect(await ancestorsOf(id("a3"))).toEqual([id("b"), id("b1"), id("a1"), id("a2")]);
    await db.user.update({ where: { id: id("a1") }, data: { managerId: null } });
    expect(await ancestorsOf(id("a3"))).toEqual([id("a1"), id("a2")]);
    expect(await mismatches(prefix)).toEqual([]);
  });

  it("follows the foreign key when a manager is deleted (their reports lose the chain above)", async () => {
    const { prefix, id, create } = org();
    await create("top");
    await create("mid", "top");
    await create("low", "mid");
    await create("lowest", "low");
    await db.user.delete({ where: { id: id("mid") } });
    expect(await ancestorsOf(id("lowest"))).toEqual([id("low")]);
    expect(await mismatches(prefix)).toEqual([]);
  });

  it("cannot be written: a direct write is replaced by the chain", async () => {
    const { id, create } = org();
    await create("boss");
    await create("report", "boss");
    await db.user.update({ where: { id: id("report") }, data: { ancestors: ["someone-else"] } });
    expect(await ancestorsOf(id("report"))).toEqual([id("boss")]);
    await db.$executeRaw`UPDATE "User" SET "ancestors" = '{}' WHERE "id" = ${id("report")}`;
    expect(await ancestorsOf(id("report"))).toEqual([id("boss")]);
  });

  it("matches the recursive walk after 300 random hires, moves and departures", async () => {
    const { prefix, id, create } = org();
    let seed = 20261206;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const people: string[] = [];
    for (let step = 0; step < 300; step++) {
      const action = people.length < 5 ? 0 : random(10);
      if (action < 5) {
        const name = `p${step}`;
        await create(name, people.length && random(4) ? people[random(people.length)]!.slice(prefix.length) : null);
        people.push(id(name));
      } else if (action < 9) {
        // A move under someone outside the mover's own subtree (the app refuses loops).
        const mover = people[random(people.length)]!;
        const below = new Set(
          (await db.user.findMany({ where: { ancestors: { has: mover } }, select: { id: true } })).map(
            (user) => user.id,
          ),
        );
        const candidates = people.filter((person) => person !== mover && !below.has(person));
        const manager = candidates.length && random(5) ? candidates[random(candidates.length)]! : null;
        await db.user.update({ where: { id: mover }, data: { managerId: manager } });
      } else {
        const leaver = people.splice(random(people.length), 1)[0]!;
        await db.user.delete({ where: { id: leaver } });
      }
      if (step % 50 === 49) expect(await mismatches(prefix)).toEqual([]);
    }
    expect(await mismatches(prefix)).toEqual([]);
  }, 60_000);

  it("stays right when two moves race (each waits for the other's chain)", async () => {
    const { prefix, id, create } = org();
    for (const [name, manager] of [
      ["a", null],
      ["b", null],
      ["c", null],
      ["a1", "a"],
      ["a2", "a1"],
    ] as const) {
      await create(name, manager);
    }
    // a1 (with a2) moves under b while b moves under c: whichever commits first, a2 ends under c, b, a1.
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        db.user.update({ where: { id: id("a1") }, data: { managerId: round % 2 ? id("a") : id("b") } }),
        db.user.update({ where: { id: id("b") }, data: { managerId: round % 2 ? null : id("c") } }),
      ]);
      expect(await mismatches(prefix)).toEqual([]);
    }
    expect(await ancestorsOf(id("a2"))).toEqual([id("c"), id("b"), id("a1")]);
  });

  it("stays right when a manager is deleted while their own chain moves (both lock rows)", async () => {
    const { prefix, id, create } = org();
    await create("b");
    for (let round = 0; round < 5; round++) {
      const [a, a1, a2] = [`a${round}`, `a${round}-1`, `a${round}-2`];
      await create(a);
      await create(a1, a);
      await create(a2, a1);
      // Deleting a1 moves a2 to no manager (SET NULL) while a, above them, moves under b.
      await Promise.all([
        db.user.delete({ where: { id: id(a1) } }),
        db.user.update({ where: { id: id(a) }, data: { managerId: id("b") } }),
      ]);
      expect(await mismatches(prefix)).toEqual([]);
      expect(await ancestorsOf(id(a2))).toEqual([]);
    }
  });

  it("lets moves made through the app race without deadlock, a move inside a moving subtree included", async () => {
    const actor = await loadAccess((await insertMember({ roles: ["Admin"] })).id);
    const a = await insertMember();
    const a1 = await insertMember({ managerId: a.id });
    const a2 = await insertMember({ managerId: a1.id });
    const b = await insertMember();
    for (let round = 0; round < 6; round++) {
      await Promise.all([
        updateUser(actor, a.id, { managerId: round % 2 ? null : b.id }, TEST_META),
        updateUser(actor, a2.id, { managerId: round % 2 ? a1.id : null }, TEST_META),
      ]);
      expect(await mismatches([a.id, a1.id, a2.id, b.id])).toEqual([]);
    }
    expect(await ancestorsOf(a2.id)).toEqual([a.id, a1.id]);
  });
});
