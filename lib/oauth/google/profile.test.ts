import { describe, expect, it } from "vitest";
import { googleUserFromClaims } from "./profile";
import { usernameBaseFromEmail, usernameWithSuffix } from "../../accounts/username-from-email";

describe("googleUserFromClaims", () => {
  it("takes the subject, a lower-cased email, given/family names and an https picture", () => {
    expect(
      googleUserFromClaims({
        sub: "1234",
        email: " Grace.Hopper@Example.TEST ",
        email_verified: true,
        given_name: "Grace",
        family_name: "Hopper",
        picture: "https://lh3.example/photo.jpg",
      }),
    ).toEqual({
      id: "1234",
      email: "grace.hopper@example.test",
      emailVerifiedByProvider: true,
      firstName: "Grace",
      lastName: "Hopper",
      image: "https://lh3.example/photo.jpg",
    });
  });

  it('counts email_verified only when it is true (or the string "true")', () => {
    expect(googleUserFromClaims({ sub: "1", email: "a@b.test", email_verified: false }).emailVerifiedByProvider).toBe(
      false,
    );
    expect(googleUserFromClaims({ sub: "1", email: "a@b.test" }).emailVerifiedByProvider).toBe(false);
    expect(googleUserFromClaims({ sub: "1", email: "a@b.test", email_verified: "yes" }).emailVerifiedByProvider).toBe(
      false,
    );
    expect(googleUserFromClaims({ sub: "1", email: "a@b.test", email_verified: "true" }).emailVerifiedByProvider).toBe(
      true,
    );
  });

  it("splits the display name when no given/family names are sent, and strips control characters", () => {
    const user = googleUserFromClaims({ sub: "1", email: "a@b.test", name: "Ada\u0000 King  Lovelace" });
    expect([user.firstName, user.lastName]).toEqual(["Ada", "King Lovelace"]);
  });

  it("drops an unusable email or a non-https picture, and refuses a profile without a subject", () => {
    const user = googleUserFromClaims({ sub: "1", email: "not-an-email", picture: "javascript:alert(1)" });
    expect(user.email).toBeNull();
    expect(user.image).toBeNull();
    expect(() => googleUserFromClaims({ email: "a@b.test" })).toThrow();
  });
});

describe("googleUserFromClaims at its edges", () => {
  it("refuses a profile whose subject is empty or not a string", () => {
    expect(() => googleUserFromClaims({ sub: "", email: "a@b.test" })).toThrow("Google profile without a subject");
    expect(() => googleUserFromClaims({ sub: 1234, email: "a@b.test" })).toThrow();
  });

  it("keeps an email of up to 254 characters, drops a longer one, and never reads a non-string", () => {
    const longest = `${"a".repeat(254 - "@b.test".length)}@b.test`;
    expect(googleUserFromClaims({ sub: "1", email: longest }).email).toBe(longest);
    expect(googleUserFromClaims({ sub: "1", email: `a${longest}` }).email).toBeNull();
    expect(googleUserFromClaims({ sub: "1", email: ["a@b.test"] }).email).toBeNull();
    expect(googleUserFromClaims({ sub: "1", email: "   " }).email).toBeNull();
  });

  it("keeps a picture only when it is an https URL of at most 2048 characters", () => {
    const url = (length: number) => `https://lh3.example/${"p".repeat(length - "https://lh3.example/".length)}`;
    expect(googleUserFromClaims({ sub: "1", picture: url(2048) }).image).toBe(url(2048));
    expect(googleUserFromClaims({ sub: "1", picture: url(2049) }).image).toBeNull();
    expect(googleUserFromClaims({ sub: "1", picture: "http://lh3.example/p.jpg" }).image).toBeNull();
    expect(googleUserFromClaims({ sub: "1", picture: "see https://lh3.example/p.jpg" }).image).toBeNull();
    expect(googleUserFromClaims({ sub: "1", picture: 42 }).image).toBeNull();
    expect(googleUserFromClaims({ sub: "1", picture: ["https://lh3.example/p.jpg"] }).image).toBeNull();
  });

  it("cuts names to 100 characters (by code point) without a trailing space, and ignores non-string names", () => {
    const user = googleUserFromClaims({
      sub: "1",
      given_name: `  ${"é".repeat(99)} tail`,
      family_name: 42,
    });
    expect(user.firstName).toBe("é".repeat(99));
    expect(user.lastName).toBe("");
    expect(googleUserFromClaims({ sub: "1", given_name: "😀".repeat(120) }).firstName).toBe("😀".repeat(100));
  });

  it("splits the display name only when both given and family names are missing", () => {
    expect(googleUserFromClaims({ sub: "1", family_name: "Hopper", name: "Grace Brewster Hopper" })).toMatchObject({
      firstName: "",
      lastName: "Hopper",
    });
    expect(googleUserFromClaims({ sub: "1", given_name: "Grace", name: "Grace Brewster Hopper" })).toMatchObject({
      firstName: "Grace",
      lastName: "",
    });
    expect(googleUserFromClaims({ sub: "1", name: "Cher" })).toMatchObject({ firstName: "Cher", lastName: "" });
    expect(googleUserFromClaims({ sub: "1", name: "   " })).toMatchObject({ firstName: "", lastName: "" });
  });
});

describe("username from email", () => {
  it("keeps the characters usernames allow from the local part, without a +tag", () => {
    expect(usernameBaseFromEmail("grace.hopper@example.test")).toBe("grace.hopper");
    expect(usernameBaseFromEmail("Grace+news@example.test")).toBe("grace");
    expect(usernameBaseFromEmail("józef_ü@example.test")).toBe("jozef_u");
  });

  it("is always 3–30 valid characters", () => {
    expect(usernameBaseFromEmail("ab@example.test")).toBe("ab_user");
    expect(usernameBaseFromEmail("日本@example.test")).toBe("user");
    expect(usernameBaseFromEmail(`${"x".repeat(64)}@example.test`)).toHaveLength(30);
    for (const email of ["..--@example.test", "a@example.test", "_.@example.test"]) {
      expect(usernameBaseFromEmail(email)).toMatch(/^[a-z0-9_.-]{3,30}$/);
    }
  });

  it("removes separators at either end and anything usernames do not allow", () => {
    expect(usernameBaseFromEmail("..--grace__@example.test")).toBe("grace");
    expect(usernameBaseFromEmail("_.grace.hopper-@example.test")).toBe("grace.hopper");
    expect(usernameBaseFromEmail("g r(a)c!e@example.test")).toBe("grace");
    expect(usernameBaseFromEmail("Ada_Lovelace-1815@example.test")).toBe("ada_lovelace-1815");
  });

  it("pads a 1–2 character name and keeps a 3 character one as it is", () => {
    expect(usernameBaseFromEmail("abc@example.test")).toBe("abc");
    expect(usernameBaseFromEmail("a@example.test")).toBe("a_user");
    expect(usernameBaseFromEmail("@example.test")).toBe("user");
    expect(usernameBaseFromEmail("+tag@example.test")).toBe("user");
  });

  it("suffixes grow from 2 digits with each collision, up to 8, filling a long base to exactly 30 characters", () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const digits = Math.min(2 + attempt, 8);
      const candidate = usernameWithSuffix("y".repeat(40), attempt);
      expect(candidate).toMatch(new RegExp(`^y+_[1-9]\\d{${digits - 1}}$`));
      expect(candidate).toHaveLength(30);
    }
    expect(usernameWithSuffix("ada", 0)).toMatch(/^ada_[1-9]\d$/);
  });

  it("adds a numeric suffix on collision without passing 30 characters", () => {
    const base = "x".repeat(30);
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const candidate = usernameWithSuffix(base, attempt);
      expect(candidate.length).toBeLessThanOrEqual(30);
      expect(candidate).toMatch(/^x+_\d+$/);
    }
  });
});
