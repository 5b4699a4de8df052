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

  it("adds a numeric suffix on collision without passing 30 characters", () => {
    const base = "x".repeat(30);
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const candidate = usernameWithSuffix(base, attempt);
      expect(candidate.length).toBeLessThanOrEqual(30);
      expect(candidate).toMatch(/^x+_\d+$/);
    }
  });
});
