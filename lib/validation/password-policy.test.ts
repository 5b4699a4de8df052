import { describe, expect, it } from "vitest";
import { passwordPolicyProblems } from "./password-policy";

const TOO_COMMON = "This password is too common; choose one that is harder to guess.";
const HAS_USERNAME = "The password must not contain your username.";
const HAS_EMAIL = "The password must not contain your email address.";

describe("passwordPolicyProblems", () => {
  // First in the file: the list is built on first use, and a mutation of how it is built is only
  // exercised by the test that builds it.
  it("refuses one of the most common passwords, whatever its case", () => {
    expect(passwordPolicyProblems("password")).toEqual([TOO_COMMON]);
    expect(passwordPolicyProblems("PassWord")).toEqual([TOO_COMMON]);
  });

  it("accepts an uncommon password that names neither the username nor the email", () => {
    expect(
      passwordPolicyProblems("tangerine-Otter-harbour-42", { username: "ada", email: "ada@example.test" }),
    ).toEqual([]);
    expect(passwordPolicyProblems("tangerine-Otter-harbour-42")).toEqual([]);
  });

  it("refuses a password containing the username, whatever the case, from three characters on", () => {
    expect(passwordPolicyProblems("xx-ADA-harbour-42", { username: "Ada" })).toEqual([HAS_USERNAME]);
    // Two-character usernames would refuse too much by accident.
    expect(passwordPolicyProblems("xx-al-harbour-42", { username: "al" })).toEqual([]);
  });

  it("refuses a password containing the email or its local part, whatever the case", () => {
    expect(passwordPolicyProblems("1-ADA@EXAMPLE.TEST-1", { email: "Ada@Example.test" })).toEqual([HAS_EMAIL]);
    expect(passwordPolicyProblems("tangerine-Grace-42", { email: "grace@example.test" })).toEqual([HAS_EMAIL]);
    expect(passwordPolicyProblems("tangerine-ada-42", { email: "ada@example.test" })).toEqual([HAS_EMAIL]);
    // A local part under three characters only counts as part of the whole address.
    expect(passwordPolicyProblems("tangerine-al-harbour-42", { email: "al@example.test" })).toEqual([]);
    expect(passwordPolicyProblems("tangerine-al@x.io-42", { email: "al@x.io" })).toEqual([HAS_EMAIL]);
  });

  it("lists every problem at once, in a stable order", () => {
    expect(passwordPolicyProblems("sunshine", { username: "sunshine", email: "sunshine@example.test" })).toEqual([
      TOO_COMMON,
      HAS_USERNAME,
      HAS_EMAIL,
    ]);
  });
});
