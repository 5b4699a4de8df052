import { describe, expect, it } from "vitest";
import { zodFieldErrors } from "@/lib/http/problem";
import { EmailSchema, IdentifierSchema, PasswordSchema, RegisterSchema, UsernameSchema } from "@/lib/validation";
import { fieldErrorsFor, shouldCheck } from "./field-validation";

/** What the register action would report for one field (lib/http validate → zodFieldErrors). */
function serverErrors(field: "username" | "email" | "password", value: string): string[] {
  const body = { username: "ada_l", email: "ada@example.test", password: "violet kettle drumroll", [field]: value };
  const result = RegisterSchema.safeParse(body);
  return result.success ? [] : (zodFieldErrors(result.error)[field] ?? []);
}

describe("fieldErrorsFor (the browser's check of one field with the server's schema)", () => {
  it.each([
    ["email", EmailSchema, "not-an-email"],
    ["email", EmailSchema, "  ada@example.test  "],
    ["email", EmailSchema, `${"a".repeat(250)}@example.test`],
    ["username", UsernameSchema, "a!"],
    ["username", UsernameSchema, "ada lovelace"],
    ["username", UsernameSchema, "ada_l"],
    ["password", PasswordSchema, "short"],
    ["password", PasswordSchema, "long enough"],
  ] as const)("%s %j gives the messages the server gives", (field, schema, value) => {
    expect(fieldErrorsFor(schema, value)).toEqual(serverErrors(field, value));
  });

  it("returns the schema's own words for an invalid email and nothing once it is fixed", () => {
    expect(fieldErrorsFor(EmailSchema, "ada@")).toEqual(["Enter a valid email address."]);
    expect(fieldErrorsFor(EmailSchema, "ada@example.test")).toEqual([]);
  });

  it("lists every problem once", () => {
    expect(fieldErrorsFor(UsernameSchema, "!")).toEqual([
      "Use at least 3 characters.",
      "Use only letters, digits, '_', '.' and '-'.",
    ]);
    expect(fieldErrorsFor(IdentifierSchema, "   ")).toEqual(["Enter your username or email."]);
  });
});

describe("shouldCheck", () => {
  it("checks on leaving a field once something was typed, not when tabbing through an untouched one", () => {
    expect(shouldCheck("blur", { edited: true, showingError: false })).toBe(true);
    expect(shouldCheck("blur", { edited: false, showingError: false })).toBe(false);
    expect(shouldCheck("blur", { edited: false, showingError: true })).toBe(true);
  });

  it("checks as the person types only while an error is shown", () => {
    expect(shouldCheck("input", { edited: true, showingError: false })).toBe(false);
    expect(shouldCheck("input", { edited: true, showingError: true })).toBe(true);
  });
});
