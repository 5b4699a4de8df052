import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { appErrorFrom } from "../../testing/app-error";
import { insertUser, queuedEmails, TEST_META } from "../../testing/fixtures";
import { consumeRecoveryCode, generateRecoveryCodes, normaliseRecoveryCode } from "./recovery-codes";
import { auditTypes, insertUserWithTotp } from "./test-fixtures";

const FORMAT = /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/;
const noticeEvents = async (email: string) =>
  (await queuedEmails(email)).map((e) => e.template === "security-notice" && e.data.event);

describe("generateRecoveryCodes", () => {
  it("gives ten distinct xxxxx-xxxxx codes of an unambiguous alphabet, stored only as hashes", async () => {
    const { user } = await insertUserWithTotp();
    const codes = await generateRecoveryCodes(user.id, TEST_META);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(FORMAT);
    const rows = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(10);
    const expected = codes.map((code) =>
      createHash("sha256")
        .update(`${user.id}:${code.replace("-", "")}`)
        .digest("hex"),
    );
    expect(rows.map((row) => row.codeHash).sort()).toEqual(expected.sort());
    expect(JSON.stringify(rows)).not.toContain(codes[0]!.replace("-", ""));
    expect(await auditTypes(user.id)).toEqual(["mfa.recovery_codes_generated"]);
    expect(await noticeEvents(user.email)).toEqual(["recovery-codes-generated"]);
  });

  it("replaces every earlier code", async () => {
    const { user } = await insertUserWithTotp();
    const old = await generateRecoveryCodes(user.id, TEST_META);
    const fresh = await generateRecoveryCodes(user.id, TEST_META);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
    for (const code of old) expect(await consumeRecoveryCode(user.id, code)).toBe(false);
    expect(await consumeRecoveryCode(user.id, fresh[0]!)).toBe(true);
  });

  it("refuses an account without a second factor (409)", async () => {
    const user = await insertUser();
    expect((await appErrorFrom(generateRecoveryCodes(user.id, TEST_META))).code).toBe("conflict");
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });

  it("works for an account whose only factor is a passkey", async () => {
    const user = await insertUser();
    await db.passkey.create({
      data: { userId: user.id, credentialId: `cred-${user.id}`, publicKey: Buffer.from([1]), name: "Laptop" },
    });
    expect(await generateRecoveryCodes(user.id, TEST_META)).toHaveLength(10);
  });

  it("can be part of a larger transaction that rolls back", async () => {
    const { user } = await insertUserWithTotp();
    await expect(
      db.$transaction(async (tx) => {
        await generateRecoveryCodes(user.id, TEST_META, tx);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await auditTypes(user.id)).toEqual([]);
  });
});

describe("consumeRecoveryCode", () => {
  it("accepts each code once, tells the owner and counts what is left", async () => {
    const { user } = await insertUserWithTotp();
    const [code] = await generateRecoveryCodes(user.id, TEST_META);
    expect(await consumeRecoveryCode(user.id, code!, TEST_META)).toBe(true);
    expect(await consumeRecoveryCode(user.id, code!, TEST_META)).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
    expect(await auditTypes(user.id)).toEqual(["mfa.recovery_codes_generated", "mfa.recovery_code_used"]);
    const used = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "mfa.recovery_code_used" } });
    expect(used).toMatchObject({ data: { left: 9 }, ip: TEST_META.ip });
    expect(await noticeEvents(user.email)).toEqual(["recovery-codes-generated", "recovery-code-used"]);
  });

  it("lets exactly one of concurrent uses of one code succeed", async () => {
    const { user } = await insertUserWithTotp();
    const [code] = await generateRecoveryCodes(user.id, TEST_META);
    const results = await Promise.all(Array.from({ length: 8 }, () => consumeRecoveryCode(user.id, code!)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await auditTypes(user.id)).toEqual(["mfa.recovery_codes_generated", "mfa.recovery_code_used"]);
  });

  it("refuses another account's code", async () => {
    const { user } = await insertUserWithTotp();
    const other = await insertUserWithTotp();
    const [theirs] = await generateRecoveryCodes(other.user.id, TEST_META);
    await generateRecoveryCodes(user.id, TEST_META);
    expect(await consumeRecoveryCode(user.id, theirs!)).toBe(false);
    expect(await consumeRecoveryCode(other.user.id, theirs!)).toBe(true);
  });

  it("reads a code however it is typed: case, spaces, dashes, and o/i/l for 0/1", async () => {
    const { user } = await insertUserWithTotp();
    const codes = await generateRecoveryCodes(user.id, TEST_META);
    const variants = [
      (c: string) => c.toUpperCase(),
      (c: string) => c.replace("-", ""),
      (c: string) => ` ${c.slice(0, 3)} ${c.slice(3).replace("-", " - ")} `,
      (c: string) => c.replace(/0/g, "O").replace(/1/g, "l"),
    ];
    for (const [index, variant] of variants.entries()) {
      expect(await consumeRecoveryCode(user.id, variant(codes[index]!)), variant(codes[index]!)).toBe(true);
    }
    expect(normaliseRecoveryCode("AbCdE-FgHiJ")).toBe("abcdefgh1j");
    expect(normaliseRecoveryCode("oO0-Ll1")).toBe("000111");
  });

  it("answers false, never throws, for hostile input", async () => {
    const { user } = await insertUserWithTotp();
    const [code] = await generateRecoveryCodes(user.id, TEST_META);
    for (const bad of [
      "",
      "-----",
      code!.slice(0, 10),
      `${code}a`,
      code!.replace(/^./, "u"),
      `${code}\u0000`,
      "' OR 1=1 --",
      "x".repeat(100_000),
      `${code}${" ".repeat(100)}`,
      null,
      undefined,
      42,
      { code },
    ]) {
      expect(await consumeRecoveryCode(user.id, bad as string), String(bad).slice(0, 20)).toBe(false);
    }
    expect(await consumeRecoveryCode(user.id, code!)).toBe(true);
  });
});
