import { describe, expect, it } from "vitest";
import { passwordPolicyProblems } from "@/lib/validation/password-policy";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/validation/fields";
import { loadPasswordChecker } from "./load-password-checker";
import { passwordChecker } from "./password-checker";
import { assessPassword, STRENGTH_LABELS, userInputsOf } from "./password-strength";

const status = (password: string, context = {}, checker = passwordChecker) =>
  Object.fromEntries(assessPassword(password, context, checker).rules.map((rule) => [rule.id, rule.status]));

describe("assessPassword (the new-password meter and checklist, with the real zxcvbn and the server's rules)", () => {
  it("has five levels in words, from Too weak to Strong", () => {
    expect(STRENGTH_LABELS).toEqual(["Too weak", "Weak", "Fair", "Good", "Strong"]);
  });

  it("shows nothing typed as an empty meter with every rule still to check (neutral, not failed)", () => {
    const assessment = assessPassword("", { username: "ada" }, passwordChecker);
    expect(assessment).toMatchObject({ empty: true, level: 0, label: "Too weak" });
    expect(status("", { username: "ada" })).toEqual({ length: "unknown", common: "unknown", personal: "unknown" });
  });

  it("states the server's length limits and counts code points after NFKC, as PasswordSchema does", () => {
    const [length] = assessPassword("x", {}, passwordChecker).rules;
    expect(length?.text).toBe(`${PASSWORD_MIN}–${PASSWORD_MAX} characters`);
    expect(status("Zq7#mW2")).toMatchObject({ length: "unmet" });
    expect(assessPassword("Zq7#mW2", {}, passwordChecker).label).toBe("Too weak");
    // Seven emoji are fourteen UTF-16 units but seven characters: still too short.
    expect(status("😀😀😀😀😀😀😀")).toMatchObject({ length: "unmet" });
    // "ﬁ" (one code point) becomes "fi" under NFKC: eight characters once normalised.
    expect(status("ﬁZq7#mW")).toMatchObject({ length: "met" });
    expect(status("a".repeat(PASSWORD_MAX + 1))).toMatchObject({ length: "unmet" });
  });

  it("marks a common password as not allowed, exactly when the server's rule refuses it", () => {
    for (const password of ["password123", "iloveyou1", "qwertyuiop"]) {
      expect(passwordPolicyProblems(password)).not.toEqual([]);
      expect(status(password)).toMatchObject({ length: "met", common: "unmet" });
      expect(assessPassword(password, {}, passwordChecker).level).toBe(0);
    }
  });

  it("marks a password containing the username or the email's local part, as the server does", () => {
    const context = { username: "grace.hopper", email: "amazing.grace@example.test" };
    expect(status("Grace.Hopper-1906!", context)).toMatchObject({ personal: "unmet" });
    expect(status("xx-amazing.grace-77", context)).toMatchObject({ personal: "unmet" });
    expect(status("violet kettle drumroll", context)).toEqual({ length: "met", common: "met", personal: "met" });
    // Without the person's username or email the rule is stated but cannot be checked here.
    expect(status("violet kettle drumroll", {})).toMatchObject({ personal: "unknown" });
  });

  it("moves from weak to strong as the password gets harder to guess", () => {
    const weak = assessPassword("sunshine7", {}, passwordChecker);
    const strong = assessPassword("violet kettle drumroll harbour", {}, passwordChecker);
    expect(weak.level).toBeLessThanOrEqual(2);
    expect(strong).toMatchObject({ level: 4, label: "Strong" });
    expect(strong.rules.every((rule) => rule.status !== "unmet")).toBe(true);
  });

  it("feeds the username and email to zxcvbn, so a password built from them scores lower", () => {
    const password = "hopperfamilytree";
    const stranger = assessPassword(password, {}, passwordChecker).level ?? 0;
    expect(userInputsOf({ username: "Hopper", email: "Family.Tree@example.test" })).toEqual([
      "hopper",
      "family.tree@example.test",
      "family.tree",
    ]);
    expect(passwordChecker.score(password, ["hopper", "familytree"])).toBeLessThan(Math.max(stranger, 1));
  });

  it("says 'Checking…' until the dictionaries are loaded (length is known at once)", () => {
    expect(assessPassword("violet kettle drumroll", {}, null)).toMatchObject({ level: null, label: "Checking…" });
    expect(assessPassword("short", {}, null)).toMatchObject({ level: 0, label: "Too weak" });
    expect(status("violet kettle drumroll", { username: "ada" }, null as never)).toEqual({
      length: "met",
      common: "unknown",
      personal: "unknown",
    });
  });
});

describe("loadPasswordChecker", () => {
  it("loads the dictionary checker once, on demand", async () => {
    const first = loadPasswordChecker();
    expect(loadPasswordChecker()).toBe(first);
    const checker = await first;
    expect(checker.problems("password123", {}).common).toBe(true);
  });
});
