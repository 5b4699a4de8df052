import { describe, expect, it } from "vitest";
import { openSecret, sealSecret, SecretBoxError } from "./secret-box";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

describe("secret box", () => {
  it("opens what it sealed, as a versioned base64url string that does not contain the secret", () => {
    const sealed = sealSecret(SECRET, "user-a");
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(openSecret(sealed, "user-a")).toBe(SECRET);
  });

  it("seals the same secret differently every time (a fresh IV)", () => {
    expect(sealSecret(SECRET, "user-a")).not.toBe(sealSecret(SECRET, "user-a"));
  });

  it("refuses a value whose IV, tag or ciphertext was changed", () => {
    const sealed = sealSecret(SECRET, "user-a");
    const parts = sealed.split(".");
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index]!, "base64url");
      bytes[0] = bytes[0]! ^ 1;
      const tampered = parts.map((part, i) => (i === index ? bytes.toString("base64url") : part)).join(".");
      expect(() => openSecret(tampered, "user-a"), `part ${index}`).toThrow(SecretBoxError);
    }
  });

  it("refuses a value sealed under another AUTH_SECRET, another purpose or for another user", () => {
    const sealed = sealSecret(SECRET, "user-a");
    expect(() => openSecret(sealed, "user-a", { secret: "another-secret-of-at-least-32-chars!!" })).toThrow(
      SecretBoxError,
    );
    expect(() => openSecret(sealed, "user-a", { purpose: "recovery-codes-shown-once" })).toThrow(SecretBoxError);
    expect(() => openSecret(sealed, "user-b")).toThrow(SecretBoxError);
    const other = sealSecret(SECRET, "user-a", { secret: "another-secret-of-at-least-32-chars!!" });
    expect(openSecret(other, "user-a", { secret: "another-secret-of-at-least-32-chars!!" })).toBe(SECRET);
    expect(() => openSecret(other, "user-a")).toThrow(SecretBoxError);
  });

  it("refuses malformed values without throwing anything else", () => {
    const sealed = sealSecret(SECRET, "user-a");
    for (const bad of [
      "",
      "v1",
      "v2" + sealed.slice(2),
      sealed.split(".").slice(0, 3).join("."),
      `${sealed}.x`,
      sealed.replace(/\.[^.]+$/, ".***"),
      `v1.${"A".repeat(10)}.${sealed.split(".")[2]}.${sealed.split(".")[3]}`,
      "x".repeat(100_000),
      42 as unknown as string,
    ]) {
      expect(() => openSecret(bad, "user-a")).toThrow(SecretBoxError);
    }
  });
});
