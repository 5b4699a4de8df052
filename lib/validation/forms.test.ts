import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ActivateSchema,
  ChangePasswordSchema,
  ChangeUsernameSchema,
  ForgotPasswordSchema,
  LinkTokenSchema,
  LoginSchema,
  ReauthenticateSchema,
  RegisterSchema,
  ResendActivationSchema,
  ResetPasswordSchema,
  SetPasswordSchema,
  UpdateProfileSchema,
} from "./forms";

const TOKEN = "A".repeat(43);
const PASSWORD = "correct-Horse-battery-9";

/** Field errors of a refused value, keyed by field (or the parsed value when it is accepted). */
function outcome(schema: z.ZodType, value: unknown): { ok: unknown } | { fields: string[] } {
  const result = schema.safeParse(value);
  return result.success
    ? { ok: result.data }
    : { fields: [...new Set(result.error.issues.map((i) => i.path.join(".")))] };
}

describe("the form schemas", () => {
  it("register: username, email and a new password, with optional names; normalised, extras dropped", () => {
    expect(
      outcome(RegisterSchema, {
        username: " ada ",
        email: "Ada@Example.test",
        password: "ﬁﬁﬁﬁﬁﬁﬁﬁ",
        firstName: " Ada ",
        lastName: "Lovelace",
        isActive: true,
        roles: ["admin"],
      }),
    ).toStrictEqual({
      ok: {
        username: "ada",
        email: "ada@example.test",
        password: "fifififififififi",
        firstName: "Ada",
        lastName: "Lovelace",
      },
    });
    expect(outcome(RegisterSchema, { username: "ada", email: "a@b.co", password: PASSWORD })).toStrictEqual({
      ok: { username: "ada", email: "a@b.co", password: PASSWORD },
    });
    expect(outcome(RegisterSchema, { firstName: "\u0000", lastName: 1 })).toEqual({
      fields: ["username", "email", "password", "firstName", "lastName"],
    });
    expect(outcome(RegisterSchema, { username: "ada", email: "a@b.co", password: "short" })).toEqual({
      fields: ["password"],
    });
  });

  it("login: an identifier and any non-empty password, the identifier's case kept", () => {
    expect(outcome(LoginSchema, { identifier: " Ada ", password: "x", remember: true })).toStrictEqual({
      ok: { identifier: "Ada", password: "x" },
    });
    expect(outcome(LoginSchema, {})).toEqual({ fields: ["identifier", "password"] });
  });

  it("activate: the emailed token and the password chosen at registration", () => {
    expect(outcome(ActivateSchema, { token: TOKEN, password: "x" })).toStrictEqual({
      ok: { token: TOKEN, password: "x" },
    });
    expect(outcome(ActivateSchema, {})).toEqual({ fields: ["token", "password"] });
  });

  it("resend activation and forgot password: an email alone", () => {
    for (const schema of [ResendActivationSchema, ForgotPasswordSchema]) {
      expect(outcome(schema, { email: "A@B.co", username: "ada" })).toStrictEqual({ ok: { email: "a@b.co" } });
      expect(outcome(schema, {})).toEqual({ fields: ["email"] });
    }
  });

  it("link tokens: the token alone", () => {
    expect(outcome(LinkTokenSchema, { token: ` ${TOKEN} `, userId: "u" })).toStrictEqual({ ok: { token: TOKEN } });
    expect(outcome(LinkTokenSchema, {})).toEqual({ fields: ["token"] });
  });

  it("reset password: token, a new password and the choice to keep linked accounts", () => {
    expect(outcome(ResetPasswordSchema, { token: TOKEN, password: PASSWORD, keepLinkedAccounts: true })).toStrictEqual({
      ok: { token: TOKEN, password: PASSWORD, keepLinkedAccounts: true },
    });
    expect(outcome(ResetPasswordSchema, { token: TOKEN, password: PASSWORD })).toStrictEqual({
      ok: { token: TOKEN, password: PASSWORD },
    });
    expect(outcome(ResetPasswordSchema, { keepLinkedAccounts: "yes" })).toEqual({
      fields: ["token", "password", "keepLinkedAccounts"],
    });
    expect(outcome(ResetPasswordSchema, { token: TOKEN, password: "short" })).toEqual({ fields: ["password"] });
  });

  it("change password: the current one (any) and a new one (the policy's length)", () => {
    expect(outcome(ChangePasswordSchema, { currentPassword: "x", newPassword: PASSWORD })).toStrictEqual({
      ok: { currentPassword: "x", newPassword: PASSWORD },
    });
    expect(outcome(ChangePasswordSchema, { currentPassword: "", newPassword: "short" })).toEqual({
      fields: ["currentPassword", "newPassword"],
    });
  });

  it("update profile: optional names only", () => {
    expect(outcome(UpdateProfileSchema, { firstName: " Ada ", email: "x@y.z" })).toStrictEqual({
      ok: { firstName: "Ada" },
    });
    expect(outcome(UpdateProfileSchema, {})).toStrictEqual({ ok: {} });
    expect(outcome(UpdateProfileSchema, { firstName: "a".repeat(101), lastName: "\u0007" })).toEqual({
      fields: ["firstName", "lastName"],
    });
  });

  it("set password and change username: the one field each", () => {
    expect(outcome(SetPasswordSchema, { password: PASSWORD, currentPassword: "x" })).toStrictEqual({
      ok: { password: PASSWORD },
    });
    expect(outcome(SetPasswordSchema, { password: "short" })).toEqual({ fields: ["password"] });
    expect(outcome(ChangeUsernameSchema, { username: " Ada.L " })).toStrictEqual({ ok: { username: "Ada.L" } });
    expect(outcome(ChangeUsernameSchema, { username: "a b" })).toEqual({ fields: ["username"] });
  });

  it("reauthenticate: the password alone", () => {
    expect(outcome(ReauthenticateSchema, { password: "x", userId: "u" })).toStrictEqual({ ok: { password: "x" } });
    expect(outcome(ReauthenticateSchema, { password: "" })).toEqual({ fields: ["password"] });
  });
});
