// Accounts benchmark, against a production build (`next build` into .next-bench, served by the
// same server as `npm start`) with its own database, on port BENCH_PORT (default 3900):
//   1. GET /api/v1/me with a session cookie vs GET /api/health (a bare JSON route handler in the
//      same server and run): requests/s and p99; the ratio is the figure (goal ≥ 0.75×).
//   2. Logins/s at BCRYPT_COST=12 vs what the cores can hash (bcrypt timed in this process).
//   3. p99 of GET /api/v1/me while a burst of logins runs vs idle (goal ≤ 2×).
// Load comes from this process (keep-alive HTTP, fixed concurrency), so client and server share
// the machine's cores, as in CI: only the ratios measured in the same run mean anything.
// BENCH_SKIP_BUILD=1 reuses an existing .next-bench build.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { Agent, request } from "node:http";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import bcrypt from "bcryptjs";
import { deriveDevJwk } from "../lib/config/dev-keys";
import { databaseUrl, dropDatabase, freshMigratedDatabase } from "../lib/testing/databases";
import { buildNext } from "../lib/testing/next-build";

const root = fileURLToPath(new URL("..", import.meta.url));
const PORT = Number(process.env.BENCH_PORT ?? 3900);
const BASE = `http://localhost:${PORT}`;
const DATABASE = `authcore_bench_${PORT}`;
const DIST_DIR = ".next-bench";
const COST = 12;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8_000);
const CONCURRENCY = 16;
const PROBE_CONCURRENCY = 4;
const BURST_LOGINS = 48;
const BURST_CONCURRENCY = 16;
const ROUNDS = 3;
const PROBE_MS = 5_000;

const secret = randomBytes(32).toString("base64url");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(PORT),
  APP_URL: BASE,
  AUTH_URL: BASE,
  AUTH_TRUST_HOST: "true",
  DATABASE_URL: databaseUrl(DATABASE),
  REDIS_KEY_PREFIX: `bench:${process.pid}:`,
  AUTH_SECRET: secret,
  PASSWORD_PEPPER: `${secret}-pepper`,
  JWE_PRIVATE_JWKS: JSON.stringify([deriveDevJwk(secret)]),
  RESEND_API_KEY: "re_bench_key",
  RESEND_BASE_URL: "http://127.0.0.1:9/",
  BCRYPT_COST: String(COST),
  // The benchmark measures the handlers, not the rate limiter's refusals.
  RATE_LIMIT_ANON_PER_MIN: "100000",
  RATE_LIMIT_USER_PER_MIN: "100000",
  LOG_LEVEL: "warn",
  NEXT_DIST_DIR: DIST_DIR,
};

type Stats = { requests: number; errors: number; rps: number; p50: number; p99: number };

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${BASE}${path}`,
      {
        method,
        agent,
        headers: { ...headers, ...(body ? { "content-length": Buffer.byteLength(body).toString() } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** `concurrency` loops sending the same request until `durationMs` has passed (or `until` resolves). */
async function load(
  path: string,
  headers: Record<string, string>,
  concurrency: number,
  durationMs: number,
  until?: Promise<unknown>,
): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  let done = false;
  const timer = setTimeout(() => (done = true), durationMs);
  void until?.then(() => (done = true));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!done) {
        const t = performance.now();
        const response = await send("GET", path, headers).catch(() => ({ status: 0 }));
        latencies.push(performance.now() - t);
        if (response.status !== 200) errors += 1;
      }
    }),
  );
  clearTimeout(timer);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const fmt = (s: Stats) =>
  `${s.rps.toFixed(0).padStart(5)} req/s  p50 ${s.p50.toFixed(1).padStart(6)} ms  p99 ${s.p99.toFixed(1).padStart(6)} ms  (${s.requests} requests, ${s.errors} errors)`;

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed with ${result.status}`);
}

async function waitForServer(server: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    const ok = await send("GET", "/api/health").then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("server did not start");
}

type BenchUser = { username: string; password: string };

/**
 * `count` active users sharing one password (hashed once). A burst signs each in once at a time:
 * the brute-force rules reserve every attempt before the hash is compared, so parallel sign-ins
 * to one account would mostly be refused (429) and the benchmark would time refusals.
 */
async function createUsers(count: number): Promise<BenchUser[]> {
  // The bench process talks to the bench database through the app's own modules.
  Object.assign(process.env, {
    DATABASE_URL: env.DATABASE_URL,
    PASSWORD_PEPPER: env.PASSWORD_PEPPER,
    REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
    LOG_LEVEL: "warn",
  });
  const [{ db }, { hashSync }, { defaultRoleId }] = await Promise.all([
    import("../lib/db"),
    import("../lib/auth/password/hash"),
    import("../lib/accounts/default-role"),
  ]);
  const password = `bench-Password-${randomBytes(6).toString("hex")}`;
  const passwordHash = hashSync(password, env.PASSWORD_PEPPER as string, COST);
  const roleId = await defaultRoleId();
  const users: BenchUser[] = [];
  for (let i = 0; i < count; i++) {
    const username = `bench${randomBytes(4).toString("hex")}`;
    await db.user.create({
      data: {
        username,
        usernameKey: username,
        email: `${username}@example.test`,
        passwordHash,
        isActive: true,
        roles: { create: { roleId } },
      },
    });
    users.push({ username, password });
  }
  await db.$disconnect();
  return users;
}

async function login(user: BenchUser): Promise<{ status: number; cookie: string }> {
  const response = await send(
    "POST",
    "/api/v1/auth/login",
    { "content-type": "application/json" },
    JSON.stringify({ identifier: user.username, password: user.password }),
  );
  const setCookie = ([] as string[]).concat(response.headers["set-cookie"] ?? []);
  return { status: response.status, cookie: (setCookie[0] ?? "").split(";")[0] ?? "" };
}

export default async function bench(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== "1" || !existsSync(`${root}${DIST_DIR}/BUILD_ID`)) buildNext(env);
  await freshMigratedDatabase(DATABASE);
  run(process.execPath, ["--import", "tsx", "prisma/seed.ts"]);
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    await waitForServer(server);
    const [user, ...burstUsers] = await createUsers(1 + BURST_LOGINS);
    if (!user) throw new Error("no bench user");
    const { status, cookie } = await login(user);
    if (status !== 200 || !cookie) throw new Error(`login failed with ${status}`);
    const authed = { cookie };
    const check = await send("GET", "/api/v1/me", authed);
    if (check.status !== 200) throw new Error(`/api/v1/me answered ${check.status}`);
    // Auth.js (the OAuth edge) must read the very cookie our own login wrote.
    const authjs = await send("GET", "/api/auth/session", authed);
    if (authjs.status !== 200 || !authjs.body.includes((JSON.parse(check.body) as { id: string }).id)) {
      throw new Error(`/api/auth/session did not see the session: ${authjs.status} ${authjs.body}`);
    }

    console.log(
      `cores: ${availableParallelism()}, BCRYPT_COST=${COST}, ${DURATION_MS / 1000} s per measurement, concurrency ${CONCURRENCY}`,
    );
    // Warm-up (JIT, connection pools, caches).
    await load("/api/health", {}, CONCURRENCY, 2_000);
    await load("/api/v1/me", authed, CONCURRENCY, 2_000);

    console.log("\n1. GET /api/v1/me (cookie) vs GET /api/health (bare handler), alternating");
    const bare: Stats[] = [];
    const me: Stats[] = [];
    for (let round = 0; round < 2; round++) {
      bare.push(await load("/api/health", {}, CONCURRENCY, DURATION_MS));
      me.push(await load("/api/v1/me", authed, CONCURRENCY, DURATION_MS));
    }
    const best = (list: Stats[]) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
    console.log(`   bare  /api/health  ${fmt(best(bare))}`);
    console.log(`   authed /api/v1/me  ${fmt(best(me))}`);
    console.log(
      `   ratio /me ÷ bare: ${(best(me).rps / best(bare).rps).toFixed(2)}× requests/s (goal ≥ 0.75×), p99 ${(best(me).p99 / best(bare).p99).toFixed(2)}×`,
    );

    console.log("\n2. Logins/s at BCRYPT_COST=12 vs hashing capacity of the cores");
    const hashes = 4;
    const t0 = performance.now();
    for (let i = 0; i < hashes; i++) bcrypt.hashSync("capacity-probe", COST);
    const perHashMs = (performance.now() - t0) / hashes;
    const capacity = (availableParallelism() * 1000) / perHashMs;
    const burstStart = performance.now();
    const statuses = await runBurst(burstUsers, BURST_CONCURRENCY);
    const loginsPerSecond = BURST_LOGINS / ((performance.now() - burstStart) / 1000);
    console.log(
      `   one bcrypt at cost ${COST} here: ${perHashMs.toFixed(0)} ms → capacity ${capacity.toFixed(2)} hashes/s on ${availableParallelism()} cores`,
    );
    console.log(
      `   ${BURST_LOGINS} logins, concurrency ${BURST_CONCURRENCY}: ${loginsPerSecond.toFixed(2)} logins/s = ${((loginsPerSecond / capacity) * 100).toFixed(0)}% of capacity (statuses: ${summarize(statuses)})`,
    );

    console.log(
      `\n3. p99 of GET /api/v1/me (concurrency ${PROBE_CONCURRENCY}) idle vs during a burst of ${BURST_LOGINS} logins (${ROUNDS} rounds, alternating)`,
    );
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const idle = await load("/api/v1/me", authed, PROBE_CONCURRENCY, PROBE_MS);
      const burst = runBurst(burstUsers, BURST_CONCURRENCY);
      const busy = await load("/api/v1/me", authed, PROBE_CONCURRENCY, 120_000, burst);
      const burstStatuses = await burst;
      ratios.push(busy.p99 / idle.p99);
      console.log(`   round ${round} idle          ${fmt(idle)}`);
      console.log(`   round ${round} during burst  ${fmt(busy)}  (logins: ${summarize(burstStatuses)})`);
    }
    ratios.sort((a, b) => a - b);
    console.log(
      `   p99 ratio burst ÷ idle: median ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}× (rounds: ${ratios.map((r) => r.toFixed(2)).join(", ")}; goal ≤ 2×)`,
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    agent.destroy();
    await dropDatabase(DATABASE).catch(() => undefined);
  }
}

/** Signs every user in once, `concurrency` at a time; any answer but 200 stops the benchmark. */
async function runBurst(users: BenchUser[], concurrency: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users.length) {
        const user = users[next]!;
        next += 1;
        statuses.push((await login(user)).status);
      }
    }),
  );
  if (statuses.some((status) => status !== 200)) throw new Error(`logins refused: ${summarize(statuses)}`);
  return statuses;
}

function summarize(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n}×${s}`).join(", ");
}
