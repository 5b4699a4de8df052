import { describe, expect, it } from "vitest";
import { EmailSchema, LoginSchema, PasswordSchema, RegisterSchema, TokenSchema, UsernameSchema } from ".";

describe("shared field schemas", () => {
  it("trims and lower-cases emails, refusing control characters and absurd lengths", () => {
    expect(EmailSchema.parse("  Ada@Example.TEST ")).toBe("ada@example.test");
    expect(EmailSchema.safeParse("ada\u0000@example.test").success).toBe(false);
    expect(EmailSchema.safeParse(`${"a".repeat(250)}@example.test`).success).toBe(false);
  });

  it("accepts usernames of 3–30 characters from [a-zA-Z0-9_.-] only", () => {
    for (const ok of ["abc", "Ada.Lovelace_1-x", "a".repeat(30)])
      expect(UsernameSchema.safeParse(ok).success).toBe(true);
    for (const bad of ["ab", "a".repeat(31), "ada lovelace", "ada@x", "ädä", "a\u0000bc"])
      expect(UsernameSchema.safeParse(bad).success).toBe(false);
  });

  it("counts password length in code points after NFKC, never trimming", () => {
    expect(PasswordSchema.parse("  spaced pass  ")).toBe("  spaced pass  ");
    expect(PasswordSchema.safeParse("😀".repeat(8)).success).toBe(true);
    expect(PasswordSchema.safeParse("😀".repeat(7)).success).toBe(false);
    expect(PasswordSchema.safeParse("😀".repeat(128)).success).toBe(true);
    expect(PasswordSchema.safeParse("😀".repeat(129)).success).toBe(false);
    expect(PasswordSchema.parse("ﬁﬁﬁﬁﬁﬁﬁﬁ")).toBe("fifififififififi");
  });

  it("accepts only base64url tokens of sane length", () => {
    expect(TokenSchema.safeParse("A".repeat(43)).success).toBe(true);
    for (const bad of ["short", "A".repeat(200), `${"A".repeat(40)}$%^`])
      expect(TokenSchema.safeParse(bad).success).toBe(false);
  });

  it("strips unknown fields from composed schemas", () => {
    const parsed = RegisterSchema.parse({ username: "ada", email: "a@b.co", password: "longenough", isActive: true });
    expect(parsed).not.toHaveProperty("isActive");
    expect(LoginSchema.safeParse({ identifier: "", password: "x" }).success).toBe(false);
  });
});
