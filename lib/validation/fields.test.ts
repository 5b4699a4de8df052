import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  EMAIL_MAX,
  EmailSchema,
  IdentifierSchema,
  NAME_MAX,
  NameSchema,
  PASSWORD_MAX,
  PASSWORD_MIN,
  PasswordInputSchema,
  PasswordSchema,
  TokenSchema,
  USERNAME_MAX,
  USERNAME_MIN,
  UsernameSchema,
  codePointLength,
  withoutControlChars,
} from "./fields";

/** The messages a person would see for `value`, or the parsed value when it is accepted. */
function outcome(schema: z.ZodType, value: unknown): { ok: unknown } | { errors: string[] } {
  const result = schema.safeParse(value);
  return result.success ? { ok: result.data } : { errors: result.error.issues.map((issue) => issue.message) };
}
const refused = (...errors: string[]) => ({ errors });
const accepted = (ok: unknown) => ({ ok });

const CONTROL = "Must not contain control characters.";

describe("the field limits", () => {
  it("are 3–30 for usernames, 8–128 for passwords, 100 for names and 254 for emails", () => {
    expect([USERNAME_MIN, USERNAME_MAX, PASSWORD_MIN, PASSWORD_MAX, NAME_MAX, EMAIL_MAX]).toEqual([
      3, 30, 8, 128, 100, 254,
    ]);
  });
});

describe("withoutControlChars", () => {
  it("removes every C0 and C1 control character, and nothing else", () => {
    expect(withoutControlChars("\u0000A\u001fd\u007fa\u0080 \u009fL\u00a0x\n")).toBe("Ada L\u00a0x");
    expect(withoutControlChars("Zoë Ünal-Smith")).toBe("Zoë Ünal-Smith");
  });
});

describe("codePointLength", () => {
  it("counts what a person counts: one per code point, not per UTF-16 unit", () => {
    expect(codePointLength("")).toBe(0);
    expect(codePointLength("abc")).toBe(3);
    expect(codePointLength("😀😀")).toBe(2);
  });
});

describe("UsernameSchema", () => {
  it("trims, then tells the person what is wrong", () => {
    expect(outcome(UsernameSchema, "  ada_1  ")).toEqual(accepted("ada_1"));
    expect(outcome(UsernameSchema, undefined)).toEqual(refused("Enter a username."));
    expect(outcome(UsernameSchema, " ab ")).toEqual(refused("Use at least 3 characters."));
    expect(outcome(UsernameSchema, "a".repeat(31))).toEqual(refused("Use at most 30 characters."));
    expect(outcome(UsernameSchema, "ada!")).toEqual(refused("Use only letters, digits, '_', '.' and '-'."));
  });

  it("allows the characters it names anywhere, and only those", () => {
    expect(outcome(UsernameSchema, "-._Ab9")).toEqual(accepted("-._Ab9"));
    for (const bad of ["!ada", "ada!", "a da"]) expect(UsernameSchema.safeParse(bad).success).toBe(false);
  });
});

describe("EmailSchema", () => {
  it("trims and lower-cases a valid address", () => {
    expect(outcome(EmailSchema, " Ada@Example.TEST ")).toEqual(accepted("ada@example.test"));
  });

  it("tells the person what is wrong", () => {
    expect(outcome(EmailSchema, 42)).toEqual(refused("Enter an email address."));
    expect(outcome(EmailSchema, "not-an-email")).toEqual(refused("Enter a valid email address."));
    expect(outcome(EmailSchema, "ada\u0007@example.test")).toEqual(refused(CONTROL));
    expect(outcome(EmailSchema, `${"a".repeat(243)}@example.test`)).toEqual(refused("Use at most 254 characters."));
  });

  it("accepts an address of exactly 254 characters", () => {
    const address = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(56)}.test`;
    expect(address).toHaveLength(EMAIL_MAX);
    expect(outcome(EmailSchema, address)).toEqual(accepted(address));
  });
});

describe("PasswordSchema", () => {
  it("tells the person what is wrong", () => {
    expect(outcome(PasswordSchema, null)).toEqual(refused("Enter a password."));
    expect(outcome(PasswordSchema, "short")).toEqual(refused("Use at least 8 characters."));
    expect(outcome(PasswordSchema, "a".repeat(129))).toEqual(refused("Use at most 128 characters."));
    expect(outcome(PasswordSchema, "long enough\u0000")).toEqual(refused("Must not contain NUL characters."));
  });

  it("refuses absurdly long input before normalising it", () => {
    expect(outcome(PasswordSchema, "a".repeat(PASSWORD_MAX * 4 + 1))).toEqual(refused("Use at most 128 characters."));
  });

  it("accepts 8 and 128 characters, normalised to NFKC", () => {
    expect(outcome(PasswordSchema, "a".repeat(8))).toEqual(accepted("a".repeat(8)));
    expect(outcome(PasswordSchema, "a".repeat(128))).toEqual(accepted("a".repeat(128)));
    expect(outcome(PasswordSchema, "Ｐａｓｓｗｏｒｄ１")).toEqual(accepted("Password1"));
  });
});

describe("PasswordInputSchema", () => {
  it("accepts any non-empty bounded string, NFKC-normalised and untrimmed", () => {
    expect(outcome(PasswordInputSchema, " x ")).toEqual(accepted(" x "));
    expect(outcome(PasswordInputSchema, "ﬁ")).toEqual(accepted("fi"));
    expect(outcome(PasswordInputSchema, "a".repeat(PASSWORD_MAX * 4))).toEqual(accepted("a".repeat(512)));
  });

  it("refuses a missing, empty or absurd password", () => {
    expect(outcome(PasswordInputSchema, undefined)).toEqual(refused("Enter your password."));
    expect(outcome(PasswordInputSchema, "")).toEqual(refused("Enter your password."));
    expect(outcome(PasswordInputSchema, "a".repeat(PASSWORD_MAX * 4 + 1))).toEqual(refused("Incorrect password."));
  });
});

describe("NameSchema", () => {
  it("trims names of up to 100 characters, empty included", () => {
    expect(outcome(NameSchema, "  Ada  ")).toEqual(accepted("Ada"));
    expect(outcome(NameSchema, "")).toEqual(accepted(""));
    expect(outcome(NameSchema, `${"a".repeat(100)} `)).toEqual(accepted("a".repeat(100)));
  });

  it("refuses non-text, overlong names and control characters", () => {
    expect(outcome(NameSchema, 1)).toEqual(refused("Must be text."));
    expect(outcome(NameSchema, "a".repeat(101))).toEqual(refused("Use at most 100 characters."));
    expect(outcome(NameSchema, "Ada\u009b")).toEqual(refused(CONTROL));
    expect(outcome(NameSchema, "Ada\u001f")).toEqual(refused(CONTROL));
    expect(outcome(NameSchema, "Ada\u007f")).toEqual(refused(CONTROL));
  });
});

describe("TokenSchema", () => {
  it("accepts trimmed base64url of 16 to 128 characters", () => {
    expect(outcome(TokenSchema, ` ${"A".repeat(16)}\n`)).toEqual(accepted("A".repeat(16)));
    expect(outcome(TokenSchema, "Az09_-".repeat(21).slice(0, 128))).toEqual(
      accepted("Az09_-".repeat(21).slice(0, 128)),
    );
  });

  it("refuses anything else with one message", () => {
    expect(outcome(TokenSchema, undefined)).toEqual(refused("The token is missing."));
    expect(outcome(TokenSchema, "A".repeat(15))).toEqual(refused("The token is not valid."));
    expect(outcome(TokenSchema, "A".repeat(129))).toEqual(refused("The token is not valid."));
    expect(outcome(TokenSchema, `${"A".repeat(20)}=`)).toEqual(refused("The token is not valid."));
    expect(outcome(TokenSchema, `=${"A".repeat(20)}`)).toEqual(refused("The token is not valid."));
  });
});

describe("IdentifierSchema", () => {
  it("accepts a trimmed username or email, unchanged otherwise", () => {
    expect(outcome(IdentifierSchema, " Ada@Example.test ")).toEqual(accepted("Ada@Example.test"));
    expect(outcome(IdentifierSchema, "a".repeat(254))).toEqual(accepted("a".repeat(254)));
  });

  it("refuses a missing, blank, overlong or control-character identifier", () => {
    const message = "Enter your username or email.";
    expect(outcome(IdentifierSchema, undefined)).toEqual(refused(message));
    expect(outcome(IdentifierSchema, "   ")).toEqual(refused(message));
    expect(outcome(IdentifierSchema, "a".repeat(255))).toEqual(refused(message));
    expect(outcome(IdentifierSchema, "ada\u0000")).toEqual(refused(CONTROL));
  });
});
