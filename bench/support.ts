// What the HTTP benchmarks share: a production build (`next build` into its own folder) served by
// the same server as `npm start`, with its own database and Redis prefix on its own port; users
// written straight into that database; sign-ins; and the load generator, which runs in the
// benchmark's own process (keep-alive HTTP, fixed concurrency), so client and server share the
// machine's cores as in CI: only ratios and figures measured in the same run mean anything.
// BENCH_SKIP_BUILD=1 reuses an existing build; BENCH_DURATION_MS sets each measurement's length.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { deriveDevJwk } from "../lib/config/dev-keys";
// Types only: the app's modules are loaded once database() has pointed the configuration here.
import type { Db } from "../lib/db";
import { databaseUrl, dropDatabase, freshMigratedDatabase } from "../lib/testing/databases";
import { buildNext } from "../lib/testing/next-build";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8_000);
/** Clock ticks per second of /proc/<pid>/stat and /proc/stat times (USER_HZ; 100 on Linux). */
const CLOCK_TICKS = 100;

export type HttpResult = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
export type Stats = {
  requests: number;
  statuses: Map<number, number>;
  rps: number;
  p50: number;
  p99: number;
  /** Seconds the measurement lasted, and the server process's CPU seconds in that time. */
  seconds: number;
  serverCpu: number;
  /** CPU seconds the whole machine spent, less this load generator's: the server, PostgreSQL, Redis (and any noise). */
  stackCpu: number;
};
export type BenchUser = { username: string; password: string };
export type Tokens = { access_token: string; refresh_token: string };
/** One request of a load: resolves with its HTTP status (0: no answer). */
export type Step = (client: number) => Promise<number>;

export type BenchServer = {
  base: string;
  /** The server's environment (also the bench process's, once it talks to the database). */
  env: NodeJS.ProcessEnv;
  bcryptCost: number;
  /** Builds unless BENCH_SKIP_BUILD=1 finds a build, migrates a fresh database, seeds it, starts server.ts. */
  start(): Promise<void>;
  /** Stops the server and drops the database. */
  stop(): Promise<void>;
  send(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<HttpResult>;
  /** The app's own Prisma client on the benchmark's database, for fixtures written straight into it. */
  database(): Promise<Db>;
  /** `count` active users with the default role, sharing one password (hashed once). */
  createUsers(count: number): Promise<BenchUser[]>;
  /** Signs in through POST /api/v1/auth/login; the session cookie (`name=value`) when it answered 200. */
  login(user: BenchUser): Promise<{ status: number; cookie: string }>;
  /** A new token family for `user` (POST /api/v1/auth/token, grant_type=password). */
  passwordGrant(user: BenchUser): Promise<Tokens>;
  tokenRequest(params: Record<string, string>): Promise<HttpResult>;
  /** `concurrency` clients, each calling `step(client)` in a loop; see load(). */
  load(concurrency: number, durationMs: number, step: Step, until?: Promise<unknown>): Promise<Stats>;
  /** A step that GETs `path` with `headers`. */
  get(path: string, headers?: Record<string, string>): Step;
};

/** Builds made by this benchmark process: a second server on the same build does not build again. */
const builtHere = new Set<string>();

export function benchServer(options: {
  port: number;
  distDir: string;
  bcryptCost?: number;
  /** Writes a V8 CPU profile of the server into this folder when it stops (--cpu-prof). */
  cpuProfileDir?: string;
  /** Web processes (WEB_CONCURRENCY; default 1, so that the server's CPU time is one process's). */
  webConcurrency?: number;
  /** Serve the database, secrets and Redis keys of this (started) server: its users and sessions work here too. */
  sharing?: BenchServer;
}): BenchServer {
  const { port, distDir, sharing } = options;
  const bcryptCost = options.bcryptCost ?? 12;
  const base = `http://localhost:${port}`;
  const databaseName = `authcore_bench_${port}`;
  const secret = randomBytes(32).toString("base64url");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    WEB_CONCURRENCY: String(options.webConcurrency ?? 1),
    APP_URL: base,
    AUTH_URL: base,
    AUTH_TRUST_HOST: "true",
    DATABASE_URL: databaseUrl(databaseName),
    REDIS_KEY_PREFIX: `bench:${process.pid}:${port}:`,
    AUTH_SECRET: secret,
    PASSWORD_PEPPER: `${secret}-pepper`,
    JWE_PRIVATE_JWKS: JSON.stringify([deriveDevJwk(secret)]),
    RESEND_API_KEY: "re_bench_key",
    RESEND_BASE_URL: "http://127.0.0.1:9/",
    BCRYPT_COST: String(bcryptCost),
    ...(sharing
      ? pick(sharing.env, ["DATABASE_URL", "REDIS_KEY_PREFIX", "AUTH_SECRET", "PASSWORD_PEPPER", "JWE_PRIVATE_JWKS"])
      : {}),
    // The benchmarks measure the handlers, not the rate limiter's refusals.
    RATE_LIMIT_ANON_PER_MIN: "100000",
    RATE_LIMIT_USER_PER_MIN: "100000",
    LOG_LEVEL: "warn",
    NEXT_DIST_DIR: distDir,
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let server: ChildProcess | undefined;
  let db: Db | undefined;

  const send = httpSender(base, agent);

  function run(command: string, args: string[]) {
    const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env });
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed with ${result.status}`);
  }

  async function start(): Promise<void> {
    const skip = process.env.BENCH_SKIP_BUILD === "1" || builtHere.has(distDir);
    if (!skip || !existsSync(`${ROOT}${distDir}/BUILD_ID`)) buildNext(env);
    builtHere.add(distDir);
    if (!sharing) {
      await freshMigratedDatabase(databaseName);
      run(process.execPath, ["--import", "tsx", "prisma/seed.ts"]);
    }
    const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    server = spawn(process.execPath, [...profile, "--import", "tsx", "server.ts"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitForHealth(send, server, "our server");
  }

  async function stop(): Promise<void> {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    agent.destroy();
    await db?.$disconnect();
    if (sharing) return;
    await dropDatabase(databaseName).catch(() => undefined);
    await deleteRedisKeys(`${env.REDIS_KEY_PREFIX}*`).catch(() => undefined);
  }

  async function database(): Promise<Db> {
    if (!db) {
      // The app's modules read their configuration once, when first imported: point it at the
      // benchmark's database (and pepper) first.
      Object.assign(process.env, {
        DATABASE_URL: env.DATABASE_URL,
        PASSWORD_PEPPER: env.PASSWORD_PEPPER,
        REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
        LOG_LEVEL: "warn",
      });
      db = (await import("../lib/db")).db;
    }
    return db;
  }

  /**
   * Users sharing one password: a burst signs each in once at a time, because the brute-force
   * rules reserve every attempt before the hash is compared, so parallel sign-ins to one account
   * would mostly be refused (429) and a benchmark would time refusals.
   */
  async function createUsers(count: number): Promise<BenchUser[]> {
    const client = await database();
    const [{ hashSync }, { defaultRoleId }] = await Promise.all([
      import("../lib/auth/password/hash"),
      import("../lib/accounts/default-role"),
    ]);
    const password = `bench-Password-${randomBytes(6).toString("hex")}`;
    const passwordHash = hashSync(password, env.PASSWORD_PEPPER as string, bcryptCost);
    const roleId = await defaultRoleId();
    const users: BenchUser[] = [];
    for (let i = 0; i < count; i++) {
      const username = `bench${randomBytes(4).toString("hex")}`;
      await client.user.create({
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

  function tokenRequest(params: Record<string, string>): Promise<HttpResult> {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    return send("POST", "/api/v1/auth/token", form, new URLSearchParams(params).toString());
  }

  async function passwordGrant(user: BenchUser): Promise<Tokens> {
    const response = await tokenRequest({ grant_type: "password", identifier: user.username, password: user.password });
    if (response.status !== 200) throw new Error(`password grant answered ${response.status}: ${response.body}`);
    return JSON.parse(response.body) as Tokens;
  }

  const load = (concurrency: number, durationMs: number, step: Step, until?: Promise<unknown>) =>
    runLoad({ concurrency, durationMs, step, until, serverPid: server?.pid });

  const get =
    (path: string, headers: Record<string, string> = {}): Step =>
    async () =>
      (await send("GET", path, headers)).status;

  return {
    base,
    env,
    bcryptCost,
    start,
    stop,
    send,
    database,
    createUsers,
    login,
    passwordGrant,
    tokenRequest,
    load,
    get,
  };
}

export type Send = (
  method: string,
  path: string,
  headers?: Record<string, string>,
  body?: string,
) => Promise<HttpResult>;

/** `send(method, path, headers, body)` against `base`, over `agent`'s kept-alive connections. */
export function httpSender(base: string, agent: Agent): Send {
  return (method, path, headers = {}, body) =>
    new Promise<HttpResult>((resolve, reject) => {
      const req = request(
        `${base}${path}`,
        {
          method,
          agent,
          headers: { ...headers, ...(body ? { "content-length": Buffer.byteLength(body).toString() } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}

/** Waits until `child` answers GET /api/health with 200; fails if it exits or takes a minute. */
export async function waitForHealth(send: Send, child: ChildProcess, name: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    if ((await send("GET", "/api/health").catch(() => null))?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not start`);
}

/**
 * `concurrency` clients each call `step(client)` in a loop until `durationMs` has passed or `until`
 * settles. A client whose step did not answer 2xx stops (a refresh chain, for one, cannot go on
 * without the token its last answer should have carried); requireSuccess() then fails the
 * benchmark. `serverPid`: the process whose CPU time the figures report.
 */
export async function runLoad(options: {
  concurrency: number;
  durationMs: number;
  step: Step;
  until?: Promise<unknown>;
  serverPid?: number;
}): Promise<Stats> {
  const { concurrency, durationMs, step, until, serverPid } = options;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let done = false;
  const timer = setTimeout(() => (done = true), durationMs);
  const finish = () => (done = true);
  void until?.then(finish, finish);
  const cpuBefore = serverCpuSeconds(serverPid);
  const machineBefore = machineCpuSeconds();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (!done) {
        const t = performance.now();
        const status = await step(client).catch(() => 0);
        latencies.push(performance.now() - t);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status < 200 || status > 299) return;
      }
    }),
  );
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = serverCpuSeconds(serverPid) - cpuBefore;
  const own = process.cpuUsage(ownBefore);
  const stackCpu = machineCpuSeconds() - machineBefore - (own.user + own.system) / 1e6;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    statuses,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    seconds,
    serverCpu,
    stackCpu,
  };
}

const pick = (env: NodeJS.ProcessEnv, names: string[]) => Object.fromEntries(names.map((name) => [name, env[name]]));

/** Deletes the keys matching `pattern` (some, such as the role cache, never expire by themselves). */
export async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0", { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** CPU seconds (user + system, every thread) process `pid` has used so far (0 without a process). */
function serverCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  // The fields after the command name (in parentheses, may hold spaces): utime and stime are the
  // 14th and 15th fields of the line.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Busy CPU seconds of the whole machine so far (/proc/stat: every state but idle and iowait). */
function machineCpuSeconds(): number {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS;
}

/** `3×200, 1×429` */
export function summarize(statuses: Map<number, number> | number[]): string {
  const counts = Array.isArray(statuses) ? new Map<number, number>() : statuses;
  if (Array.isArray(statuses)) for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n}×${s}`).join(", ");
}

/** Stops the benchmark on any answer that is not 2xx (0: the request got no answer). */
export function requireSuccess(name: string, stats: Stats): Stats {
  if ([...stats.statuses.keys()].some((s) => s < 200 || s > 299)) {
    throw new Error(`${name}: answers other than 2xx: ${summarize(stats.statuses)}`);
  }
  return stats;
}

/** requests/s, p50, p99, the server's CPU time per request and the answers. */
export const fmt = (s: Stats) =>
  `${s.rps.toFixed(0).padStart(5)} req/s  p50 ${s.p50.toFixed(1).padStart(6)} ms  p99 ${s.p99.toFixed(1).padStart(6)} ms  server CPU ${((s.serverCpu * 1000) / s.requests).toFixed(2)} ms/request  (${summarize(s.statuses)})`;

/** The round with the most requests per second. */
export const best = (list: Stats[]) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
export const verdict = (met: boolean) => (met ? "met" : "NOT met");

/** The load average and whether browsers (e2e runs) share the machine, for the record. */
export function machineLoad(): string {
  const [one, five] = readFileSync("/proc/loadavg", "utf8").split(" ");
  const chromium = spawnSync("pgrep", ["-c", "-f", "chromium"], { encoding: "utf8" }).stdout.trim() || "0";
  return `load average ${one} (1 min), ${five} (5 min); chromium processes: ${chromium}`;
}
