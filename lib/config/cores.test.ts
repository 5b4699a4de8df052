import { describe, expect, it } from "vitest";
import { usableCores } from "./cores";

describe("the cores a process may use", () => {
  it("is the CPU affinity without a cgroup quota", () => {
    expect(usableCores(null, 8)).toBe(8);
    expect(usableCores("max 100000\n", 8)).toBe(8);
    expect(usableCores("", 4)).toBe(4);
    expect(usableCores("garbage", 4)).toBe(4);
  });

  it("is lowered by a container's quota, rounded up, never below 1 or above the affinity", () => {
    expect(usableCores("200000 100000\n", 64)).toBe(2);
    expect(usableCores("150000 100000", 64)).toBe(2);
    expect(usableCores("50000 100000", 64)).toBe(1);
    expect(usableCores("1600000 100000", 4)).toBe(4);
  });
});
