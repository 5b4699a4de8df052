import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/**
 * The cores this process may use: its CPU affinity, lowered by a cgroup v2 CPU quota (a
 * container's `--cpus`), which Node 20's availableParallelism() does not read. `cpuMax` is the
 * content of /sys/fs/cgroup/cpu.max ("max 100000", or "<quota> <period>"); null without one.
 */
export function usableCores(cpuMax: string | null = readCpuMax(), affinity = availableParallelism()): number {
  const [quota, period] = (cpuMax ?? "").trim().split(/\s+/).map(Number);
  if (!quota || !period || !Number.isFinite(quota) || !Number.isFinite(period)) return affinity;
  return Math.max(1, Math.min(affinity, Math.ceil(quota / period)));
}

function readCpuMax(): string | null {
  try {
    return readFileSync("/sys/fs/cgroup/cpu.max", "utf8");
  } catch {
    return null;
  }
}
