import { describe, expect, it } from "vitest";
import { db } from "./index";

describe("the database client", () => {
  it("runs with JIT compilation off (a short query must never pay for compiling itself)", async () => {
    const [row] = await db.$queryRaw<{ jit: string }[]>`SHOW jit`;
    expect(row?.jit).toBe("off");
  });
});
