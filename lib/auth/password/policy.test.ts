import { describe, expect, it } from "vitest";
import { passwordPolicyErrors, passwordPolicyProblems } from "./policy";

describe("password policy as field errors", () => {
  it("names the password field by default, or the field given", () => {
    const problems = passwordPolicyProblems("password");
    expect(problems.length).toBeGreaterThan(0);
    expect(passwordPolicyErrors("password", {})).toEqual({ password: problems });
    expect(passwordPolicyErrors("password", {}, "newPassword")).toEqual({ newPassword: problems });
  });

  it("has nothing to say about a good password", () => {
    expect(passwordPolicyErrors("tangerine-Otter-harbour-42", { username: "ada" })).toBeUndefined();
  });
});
