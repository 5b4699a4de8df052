import type * as fs from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Piscina } from "piscina";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// Which files "exist", as pool.ts sees them: the real worker module lies in both places under test.
const present = new Set<string>();
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return { ...actual, existsSync: (path: string) => present.has(path) };
});

const { hashPassword } = await import("./pool");

const besideSource = join(dirname(fileURLToPath(import.meta.url)), "bcrypt-worker.mjs");
const underWorkingDirectory = join(process.cwd(), "lib", "auth", "password", "bcrypt-worker.mjs");
type Shared = { piscina: Piscina | null };
const shared = () => (globalThis as { authcoreBcryptPool?: Shared }).authcoreBcryptPool!;

let previous: Piscina | null = null;
beforeEach(() => {
  // Each case starts a pool of its own, which looks for the worker module anew.
  previous = shared().piscina;
  shared().piscina = null;
  present.clear();
});
afterEach(async () => {
  const mine = shared().piscina;
  shared().piscina = previous;
  if (mine && mine !== previous) await mine.destroy();
});

describe("where the hashing threads' module is found", () => {
  it("beside pool.ts when it is there (Vitest, tsx, Next's server)", async () => {
    present.add(besideSource);
    expect(await hashPassword("found-beside", 4)).toMatch(/^\$2b\$04\$/);
  });

  it("under the working directory when a bundle moved pool.ts away from it", async () => {
    present.add(underWorkingDirectory);
    expect(await hashPassword("found-under-cwd", 4)).toMatch(/^\$2b\$04\$/);
  });

  it("nowhere: the call fails and says both places it looked", async () => {
    await expect(hashPassword("not-found", 4)).rejects.toThrow(
      `bcrypt worker module not found at ${besideSource} or ${underWorkingDirectory}`,
    );
  });
});
