import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { sharedPool } from "../db/client";
import { relationsTo, relationTo, wouldCreateCycle } from "./chain";

// An organisation of 10,000 users: 100 trees, each a chain 10 deep with 9 more reports at every
// level (10 × 10 per tree), inserted in one statement.
const TREES = 100;
const DEPTH = 10;
const WIDTH = 10;
const id = (tree: number, depth: number, index: number) => `chain-${tree}-${depth}-${index}`;

beforeAll(async () => {
  const rows: { id: string; username: string; usernameKey: string; email: string; managerId: string | null }[] = [];
  for (let tree = 0; tree < TREES; tree += 1) {
    for (let depth = 0; depth < DEPTH; depth += 1) {
      for (let index = 0; index < WIDTH; index += 1) {
        const name = id(tree, depth, index);
        rows.push({
          id: name,
          username: name,
          usernameKey: name,
          email: `${name}@example.test`,
          // Everyone at one depth reports to the first user of the depth above.
          managerId: depth === 0 ? null : id(tree, depth - 1, 0),
        });
      }
    }
  }
  // Parents before children: the foreign key is checked per row.
  await db.user.createMany({ data: rows });
  expect(await db.user.count({ where: { id: { startsWith: "chain-" } } })).toBe(TREES * DEPTH * WIDTH);
}, 60_000);

afterEach(() => vi.restoreAllMocks());

describe("the management chain", () => {
  const top = id(7, 0, 0);

  it("tells self, direct report, transitive report, peer, superior and unrelated apart", async () => {
    const middle = id(7, 4, 0);
    expect(await relationTo(middle, middle)).toBe("self");
    expect(await relationTo(middle, id(7, 5, 3))).toBe("report");
    expect(await relationTo(middle, id(7, 9, 8))).toBe("report");
    expect(await relationTo(middle, id(7, 4, 6))).toBe("other"); // peer: same manager
    expect(await relationTo(middle, id(7, 2, 0))).toBe("other"); // superior
    expect(await relationTo(middle, id(8, 9, 1))).toBe("other"); // another tree
    expect(await relationTo(middle, "no-such-user")).toBe("other");
  });

  it("a report 10 levels down in 10,000 users is found with one query", async () => {
    // Every statement, through Prisma or straight to pg, goes through the shared pool.
    const queries = vi.spyOn(sharedPool(), "query");
    expect(await relationTo(top, id(7, 9, 9))).toBe("report");
    expect(queries).toHaveBeenCalledTimes(1);
  });

  it("a whole page of targets is answered with one query too", async () => {
    const targets = [id(7, 9, 1), id(7, 3, 2), id(6, 9, 1), top, id(7, 0, 5)];
    const queries = vi.spyOn(sharedPool(), "query");
    const relations = await relationsTo(top, targets);
    expect(queries).toHaveBeenCalledTimes(1);
    expect(Object.fromEntries(relations)).toEqual({
      [id(7, 9, 1)]: "report",
      [id(7, 3, 2)]: "report",
      [id(6, 9, 1)]: "other",
      [top]: "self",
      [id(7, 0, 5)]: "other",
    });
  });

  it("a manager who would close a loop is detected: oneself, a direct or a transitive report", async () => {
    const middle = id(3, 4, 0);
    expect(await wouldCreateCycle(middle, middle)).toBe(true);
    expect(await wouldCreateCycle(middle, id(3, 5, 2))).toBe(true);
    expect(await wouldCreateCycle(middle, id(3, 9, 0))).toBe(true);
    expect(await wouldCreateCycle(middle, id(3, 2, 0))).toBe(false);
    expect(await wouldCreateCycle(middle, id(4, 9, 0))).toBe(false);
  });

  it("a loop already in the data (written around the API) does not make the walk run forever", async () => {
    const a = id(90, 0, 0);
    const b = id(90, 1, 0);
    await db.user.update({ where: { id: a }, data: { managerId: b } });
    expect(await relationTo(id(91, 0, 0), id(90, 5, 5))).toBe("other");
    expect(await relationTo(b, id(90, 5, 5))).toBe("report");
    await db.user.update({ where: { id: a }, data: { managerId: null } });
  });
});
