import { describe, expect, it } from "vitest";
import { bearerToken } from "./bearer";

describe("bearerToken", () => {
  it("reads the token of a Bearer header, whatever the scheme's case and the spacing around it", () => {
    expect(bearerToken("Bearer abc.DEF-_~+/9")).toBe("abc.DEF-_~+/9");
    expect(bearerToken("bearer   x==  ")).toBe("x==");
    expect(bearerToken("BEARER y")).toBe("y");
  });

  it("reads nothing from other schemes, empty or malformed values, or no header", () => {
    for (const value of [
      null,
      "",
      "Bearer",
      "Bearer ",
      "Basic dXNlcg==",
      "Bearer a b",
      "Bearer a,b",
      "Bearerx y",
      "x Bearer y",
    ])
      expect(bearerToken(value), String(value)).toBeNull();
  });
});
