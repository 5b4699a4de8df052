import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_LOGIN, safeRedirectPath } from "./safe-redirect";

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

  it("uses the fallback it is given", () => {
    expect(safeRedirectPath("https://evil.example", "/")).toBe("/");
  });
});
