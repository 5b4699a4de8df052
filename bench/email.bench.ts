// Email pipeline benchmark: end-to-end emails per second for 5,000 messages (sealed outbox row
// → relay → RabbitMQ → worker: expiry, quota, open, render → local Resend-compatible server), with
// one worker process and with two. Baseline in the same run: the same 5,000 sends straight through the
// Resend SDK from this process at the worker's concurrency (no queue, no render, no database):
// the HTTP ceiling of this machine. It uses its own database, RabbitMQ vhost and Redis prefix.
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { Resend } from "resend";
import { dropDatabase, freshMigratedDatabase } from "../lib/testing/databases";
import { startFakeResend } from "../lib/testing/fake-resend";
import { spawnTsx, type Spawned } from "../lib/testing/processes";
import { createVhost, deleteVhost } from "../lib/testing/rabbitmq";

const MESSAGES = Number(process.env.BENCH_EMAILS ?? 5_000);
const PREFETCH = 20;
const id = `bench_email_${process.pid}`;

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** CPU time (user + system) a process used so far, from /proc (Linux). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

const rate = (count: number, ms: number) =>
  `${((count / ms) * 1000).toFixed(0).padStart(5)} emails/s  (${count} in ${(ms / 1000).toFixed(2)} s)`;

export default async function emailBench(): Promise<void> {
  const resend = await startFakeResend();
  const rabbitmqUrl = await createVhost(id);
  const dbUrl = await freshMigratedDatabase(id);
  Object.assign(process.env, {
    DATABASE_URL: dbUrl,
    RABBITMQ_URL: rabbitmqUrl,
    REDIS_KEY_PREFIX: `${id}:`,
    RESEND_API_KEY: "re_bench_key",
    RESEND_BASE_URL: resend.url,
    WORKER_PREFETCH: String(PREFETCH),
    NODE_ENV: "production",
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
    PASSWORD_PEPPER: "bench-pepper-bench-pepper-bench-pepper",
    LOG_LEVEL: "warn",
  });
  const { deriveDevJwk } = await import("../lib/config/dev-keys");
  process.env.JWE_PRIVATE_JWKS = JSON.stringify([deriveDevJwk("bench")]);
  const { fillOutbox } = await import("../lib/email/test-fixtures");
  const { db } = await import("../lib/db");
  const workers: Spawned[] = [];

  try {
    // Baseline: the SDK alone against the same server, PREFETCH sends in flight.
    const client = new Resend("re_bench_key", { baseUrl: resend.url });
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: PREFETCH }, async () => {
        while (next < MESSAGES) {
          const i = next++;
          await client.emails.send(
            { from: "a@example.com", to: `base${i}@example.com`, subject: "s", html: "<p>x</p>", text: "x" },
            { idempotencyKey: `base-${i}` },
          );
        }
      }),
    );
    console.log(`baseline  Resend SDK only, ${PREFETCH} in flight:   ${rate(MESSAGES, Date.now() - started)}`);

    for (const count of [1, 2]) {
      resend.clear();
      while (workers.length < count) {
        // BENCH_CPU_PROF_DIR=<dir> writes each worker's V8 CPU profile there (open in Chrome DevTools).
        // Node refuses --cpu-prof in NODE_OPTIONS, so the flags go before the entry point.
        const dir = process.env.BENCH_CPU_PROF_DIR;
        const worker = dir
          ? spawnTsx("--cpu-prof", { LOG_LEVEL: "info" }, [`--cpu-prof-dir=${dir}`, "worker/main.ts"])
          : spawnTsx("worker/main.ts", { LOG_LEVEL: "info" });
        await worker.waitForLog("worker ready", 60_000);
        workers.push(worker);
      }
      const insertStarted = Date.now();
      await fillOutbox(MESSAGES, (i) => `w${count}-${i}@example.com`);
      // Timed from the commit of the 5,000 rows (the relay cannot see them before).
      const t0 = Date.now();
      const cpu0 = workers.map((w) => cpuMs(w.child.pid));
      await waitFor(() => resend.requests() >= MESSAGES && resend.emails().length >= MESSAGES, 300_000);
      const elapsed = Date.now() - t0;
      const cpu = workers.reduce((sum, w, i) => sum + cpuMs(w.child.pid) - (cpu0[i] ?? 0), 0);
      console.log(
        `pipeline  outbox → worker → Resend, ${count} worker${count > 1 ? "s" : " "}: ${rate(resend.emails().length, elapsed)}` +
          `  [worker CPU ${(cpu / MESSAGES).toFixed(2)} ms/email; writing the rows took ${t0 - insertStarted} ms]`,
      );
    }
  } finally {
    for (const worker of workers) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    await db.$disconnect();
    await resend.close();
    await dropDatabase(id);
    await deleteVhost(id);
    const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0");
    const keys = await redis.keys(`${id}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}
