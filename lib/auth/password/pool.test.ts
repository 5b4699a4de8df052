import bcrypt from "bcryptjs";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { Piscina } from "piscina";
import { describe, expect, it, vi } from "vitest";
import { config } from "../../config";
import { dummyPasswordHash, hashPassword, MAX_QUEUED, passwordComparisons, POOL_SIZE, verifyPassword } from "./pool";
import { passwordPolicyProblems } from "./policy";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** The process's one piscina pool, reached through the global that keeps it unique (see pool.ts). */
function piscina(): Piscina {
  const pool = (globalThis as { authcoreBcryptPool?: { piscina: Piscina | null } }).authcoreBcryptPool?.piscina;
  if (!pool) throw new Error("the password pool has not started");
  return pool;
}

describe("password pool", () => {
  it("has a thread per core, at most 8, and lets 16 calls per thread wait by default", () => {
    expect(POOL_SIZE).toBe(Math.min(availableParallelism(), 8));
    expect(config.auth.bcryptMaxQueue).toBeUndefined();
    expect(MAX_QUEUED).toBe(POOL_SIZE * 16);
  });

  it("hashes at BCRYPT_COST and verifies off the request thread", async () => {
    const hash = await hashPassword("correct-Horse-battery-9");
    expect(bcrypt.getRounds(hash)).toBe(config.auth.bcryptCost);
    expect(await verifyPassword("correct-Horse-battery-9", hash)).toBe(true);
    expect(await verifyPassword("correct-Horse-battery-8", hash)).toBe(false);
  });

  it("never truncates: a difference in the 128th character of a multi-byte password counts", async () => {
    const base = "密".repeat(127);
    const hash = await hashPassword(`${base}A`);
    expect(await verifyPassword(`${base}A`, hash)).toBe(true);
    expect(await verifyPassword(`${base}B`, hash)).toBe(false);
  });

  it("normalises with NFKC so that equivalent forms of a password match", async () => {
    const hash = await hashPassword("ﬁne-password-1");
    expect(await verifyPassword("fine-password-1", hash)).toBe(true);
  });

  it("runs many hashes concurrently and keeps the event loop responsive", async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => hashPassword(`password-number-${i}`, 8)));
    clearInterval(timer);
    expect(new Set(results).size).toBe(12);
    expect(ticks).toBeGreaterThan(0);
    expect(piscina().threads.length).toBeLessThanOrEqual(POOL_SIZE);
  });

  it("hashes off the main thread: the event loop stays free through a cost-12 hash", async () => {
    await hashPassword("warm-up-password", 4);
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const before = performance.eventLoopUtilization();
    const started = performance.now();
    const hash = await hashPassword("cost-twelve-password", 12);
    const elapsed = performance.now() - started;
    const busy = performance.eventLoopUtilization(before).utilization;
    clearInterval(timer);
    expect(bcrypt.getRounds(hash)).toBe(12);
    // On this thread the hash would block the loop for all of `elapsed` (hashSync), or keep it
    // busy throughout (bcryptjs's async hash, which yields every few milliseconds).
    expect(longestGap).toBeLessThan(elapsed / 2);
    expect(busy).toBeLessThan(0.5);
  });

  it("never matches a malformed hash, and the dummy hash is a valid hash of the same cost", async () => {
    expect(await verifyPassword("anything-at-all", "not-a-bcrypt-hash")).toBe(false);
    const good = await hashPassword("the-real-password", 4);
    const malformed = [
      "",
      good.slice(0, 59),
      `${good}x`,
      // bcryptjs throws on these three (version, cost, salt alphabet): a failed login, not an error.
      `$2x$${good.slice(4)}`,
      `$2b$99$${good.slice(7)}`,
      `$2b$04$${"!".repeat(53)}`,
    ];
    for (const hash of malformed) await expect(verifyPassword("the-real-password", hash)).resolves.toBe(false);
    expect(await verifyPassword("the-real-password", `$2y$${good.slice(4)}`)).toBe(true);
    const dummy = await dummyPasswordHash();
    expect(bcrypt.getRounds(dummy)).toBe(config.auth.bcryptCost);
    expect(await dummyPasswordHash()).toBe(dummy);
  });

  it("a hashing thread that dies rejects its pending call, and later calls still work", async () => {
    await hashPassword("warm-up-password", 4);
    // A ready thread takes the task at once; cost 14 keeps it busy for about a second.
    const outcome = hashPassword("never-finishes", 14).then(
      () => "resolved",
      (error: Error) => error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all(piscina().threads.map((thread) => thread.terminate()));
    expect(await outcome).toMatch(/exited/);
    const hash = await hashPassword("after-the-crash", 4);
    expect(await verifyPassword("after-the-crash", hash)).toBe(true);
  });

  it("keeps one pool per process when the module is evaluated again (Next dev reloads)", async () => {
    await hashPassword("warm-up-password", 4);
    const pool = piscina();
    vi.resetModules();
    const reloaded = await import("./pool");
    const comparisons = passwordComparisons();
    expect(await reloaded.verifyPassword("x-password", await reloaded.hashPassword("x-password", 4))).toBe(true);
    expect(piscina()).toBe(pool);
    expect(passwordComparisons()).toBe(comparisons + 1);
  });

  it("a pool whose thread fails outside a task is replaced, and its calls reject instead of waiting", async () => {
    await hashPassword("warm-up-password", 4);
    const failed = piscina();
    const outcomes = [hashPassword("in-flight", 14), hashPassword("queued", 14), hashPassword("queued", 14)].map(
      (call) =>
        call.then(
          () => "resolved",
          (error: Error) => error.message,
        ),
    );
    // What piscina emits when a thread cannot load the worker module (e.g. a bad flag it inherits).
    failed.emit("error", new Error("simulated thread start-up failure"));
    expect(await Promise.all(outcomes)).toEqual(Array(3).fill("Terminating worker thread"));
    const hash = await hashPassword("after-the-restart", 4);
    expect(await verifyPassword("after-the-restart", hash)).toBe(true);
    expect(piscina()).not.toBe(failed);
  });

  it("a replaced pool that fails again does not drop its replacement", async () => {
    await hashPassword("warm-up-password", 4);
    const failed = piscina();
    failed.emit("error", new Error("simulated thread start-up failure"));
    await hashPassword("starts-the-replacement", 4);
    const replacement = piscina();
    expect(replacement).not.toBe(failed);
    failed.emit("error", new Error("a late failure of the old pool"));
    await hashPassword("after-the-late-failure", 4);
    expect(piscina()).toBe(replacement);
  });

  it("idle threads do not keep a process alive: a script that hashes once exits at once", async () => {
    const dir = await mkdtemp(join(tmpdir(), "authcore-pool-"));
    const script = join(dir, "hash-once.mts");
    await writeFile(
      script,
      `import { hashPassword } from ${JSON.stringify(join(root, "lib/auth/password/pool.ts"))};
      console.log((await hashPassword("exit-promptly-1", 4)).slice(0, 7), Date.now());`,
    );
    try {
      const result = spawnSync(process.execPath, ["--import", "tsx", script], {
        cwd: root,
        encoding: "utf8",
        timeout: 20_000,
      });
      const exitedAt = Date.now();
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const [prefix, hashedAt] = result.stdout.trim().split(" ");
      expect(prefix).toBe("$2b$04$");
      expect(exitedAt - Number(hashedAt)).toBeLessThan(2_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("password policy", () => {
  it("rejects common passwords in any casing", () => {
    expect(passwordPolicyProblems("PASSWORD")[0]).toMatch(/too common/);
    expect(passwordPolicyProblems("QWERTYUIOP")[0]).toMatch(/too common/);
    expect(passwordPolicyProblems("iloveyou")[0]).toMatch(/too common/);
  });

  it("rejects passwords containing the username, the email or its local part", () => {
    expect(passwordPolicyProblems("xxAdaLovelace99", { username: "adalovelace" })).toEqual([
      "The password must not contain your username.",
    ]);
    expect(passwordPolicyProblems("my-ada@example.test!", { email: "ada@example.test" })).toEqual([
      "The password must not contain your email address.",
    ]);
    expect(passwordPolicyProblems("grace-hopper-77", { email: "grace@example.test" })).toEqual([
      "The password must not contain your email address.",
    ]);
  });

  it("accepts a long unusual passphrase", () => {
    expect(
      passwordPolicyProblems("tangerine-Otter-harbour-42", { username: "ada", email: "ada@example.test" }),
    ).toEqual([]);
  });
});
