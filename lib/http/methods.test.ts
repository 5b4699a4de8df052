import { describe, expect, it } from "vitest";
import { isMutatingMethod } from "./methods";

describe("isMutatingMethod", () => {
  it("treats GET, HEAD and OPTIONS as safe, in any case", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get", "head", "options"])
      expect(isMutatingMethod(method), method).toBe(false);
  });

  it("treats every other method as state-changing, unknown ones included", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post", "PROPFIND", ""]) {
      expect(isMutatingMethod(method), method).toBe(true);
    }
  });
});
