import { describe, expect, it } from "vitest";
import { hashSync, prehash, verifySync } from "./hash";

const pepper = "p".repeat(32);

describe("password hashing", () => {
  it("counts every character, even past bcrypt's 72-byte limit", () => {
    const long = "x".repeat(100);
    const hash = hashSync(long, pepper, 4);
    expect(verifySync(long, hash, pepper)).toBe(true);
    expect(verifySync(`${"x".repeat(99)}y`, hash, pepper)).toBe(false);
  });

  it("counts multi-byte characters and normalises to NFKC", () => {
    const hash = hashSync("ｐａｓｓｗｏｒｄ🔒".repeat(5), pepper, 4);
    expect(verifySync("password🔒".repeat(5), hash, pepper)).toBe(true);
    expect(verifySync("password🔓".repeat(5), hash, pepper)).toBe(false);
  });

  it("depends on the pepper", () => {
    expect(prehash("secret", pepper)).not.toBe(prehash("secret", "q".repeat(32)));
    expect(prehash("secret", pepper)).toHaveLength(64);
  });
});
