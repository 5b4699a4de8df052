import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_LOGIN, afterSignInPath, safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it.each([
    ["/account", "/account"],
    ["/account?tab=sessions", "/account?tab=sessions"],
    ["/account#sessions", "/account#sessions"],
    ["/", "/"],
    ["/users/42/edit?x=1&y=2", "/users/42/edit?x=1&y=2"],
    ["/a/../account", "/account"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the same-origin path %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example/account",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    " /account",
    "/account ",
    "/\u0000/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "mailto:someone@example.com",
    "evil.example",
    "account",
    "./account",
    "../account",
    "?next=/account",
    "#top",
    "",
    "/.//evil.example",
    "/./\\evil.example",
    `/${"a".repeat(3000)}`,
  ])("refuses the hostile or foreign target %j", (input) => {
    expect(safeRedirectPath(input)).toBe(DEFAULT_AFTER_LOGIN);
  });

  it.each([undefined, null, 42, {}, ["/account"]])("refuses the non-string %j", (input) => {
    expect(safeRedirectPath(input)).toBe(DEFAULT_AFTER_LOGIN);
  });

  it("sends people to their account by default", () => {
    expect(DEFAULT_AFTER_LOGIN).toBe("/account");
  });

  it("keeps paths up to 2048 characters", () => {
    const longest = `/${"a".repeat(2047)}`;
    expect(safeRedirectPath(longest)).toBe(longest);
    expect(safeRedirectPath(`${longest}a`)).toBe(DEFAULT_AFTER_LOGIN);
  });

  it.each(["/docs//page", "/files//"])("keeps %s, which only contains '//' after its first segment", (input) => {
    expect(safeRedirectPath(input)).toBe(input);
  });

  it("uses the fallback it is given", () => {
    expect(safeRedirectPath("https://evil.example", "/")).toBe("/");
  });
});

describe("afterSignInPath", () => {
  it.each(["/login", "/login?callbackUrl=/login", "/register", "/register#top", "/login/"])(
    "never returns to the sign-in page %s",
    (input) => {
      expect(afterSignInPath(input)).toBe(DEFAULT_AFTER_LOGIN);
    },
  );

  it.each([
    ["/account", "/account"],
    ["/loginhelp", "/loginhelp"],
    ["/users?page=2", "/users?page=2"],
    ["/help/login", "/help/login"],
  ])("keeps %s", (input, expected) => {
    expect(afterSignInPath(input)).toBe(expected);
  });

  it("still refuses foreign targets", () => {
    expect(afterSignInPath("https://evil.example/login")).toBe(DEFAULT_AFTER_LOGIN);
  });
});
