import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./pool";
import { passwordPolicyProblems } from "./policy";

describe("password pool", () => {
  it("hashes at BCRYPT_COST and verifies off the request thread", async () => {
    const hash = await hashPassword("correct-Horse-battery-9");
    expect(bcrypt.getRounds(hash)).toBe(config.auth.bcryptCost);
    expect(await verifyPassword("correct-Horse-battery-9", hash)).toBe(true);
    expect(await verifyPassword("correct-Horse-battery-8", hash)).toBe(false);
  });

  it("never truncates: a difference in the 128th character of a multi-byte password counts", async () => {
    const base = "密".repeat(127);
    const hash = await hashPassword(`${base}A`);
    expect(await verifyPassword(`${base}A`, hash)).toBe(true);
    expect(await verifyPassword(`${base}B`, hash)).toBe(false);
  });

  it("normalises with NFKC so that equivalent forms of a password match", async () => {
    const hash = await hashPassword("ﬁne-password-1");
    expect(await verifyPassword("fine-password-1", hash)).toBe(true);
  });

  it("runs many hashes concurrently and keeps the event loop responsive", async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => hashPassword(`password-number-${i}`, 8)));
    clearInterval(timer);
    expect(new Set(results).size).toBe(12);
    expect(ticks).toBeGreaterThan(0);
  });

  it("never matches a malformed hash, and the dummy hash is a valid hash of the same cost", async () => {
    expect(await verifyPassword("anything-at-all", "not-a-bcrypt-hash")).toBe(false);
    const dummy = await dummyPasswordHash();
    expect(bcrypt.getRounds(dummy)).toBe(config.auth.bcryptCost);
    expect(await dummyPasswordHash()).toBe(dummy);
  });
});

describe("password policy", () => {
  it("rejects common passwords in any casing", () => {
    expect(passwordPolicyProblems("PASSWORD")[0]).toMatch(/too common/);
    expect(passwordPolicyProblems("QWERTYUIOP")[0]).toMatch(/too common/);
    expect(passwordPolicyProblems("iloveyou")[0]).toMatch(/too common/);
  });

  it("rejects passwords containing the username, the email or its local part", () => {
    expect(passwordPolicyProblems("xxAdaLovelace99", { username: "adalovelace" })).toEqual([
      "The password must not contain your username.",
    ]);
    expect(passwordPolicyProblems("my-ada@example.test!", { email: "ada@example.test" })).toEqual([
      "The password must not contain your email address.",
    ]);
    expect(passwordPolicyProblems("grace-hopper-77", { email: "grace@example.test" })).toEqual([
      "The password must not contain your email address.",
    ]);
  });

  it("accepts a long unusual passphrase", () => {
    expect(
      passwordPolicyProblems("tangerine-Otter-harbour-42", { username: "ada", email: "ada@example.test" }),
    ).toEqual([]);
  });
});
