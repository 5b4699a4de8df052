// Token API benchmark, against a production build (`next build` into .next-bench-api, served by the
// same server as `npm start`) with its own database, on port BENCH_API_PORT (default 3910):
//   1. GET /api/v1/me with a Bearer access token vs with a session cookie vs GET /api/health (the
//      bare JSON route handler accounts.bench.ts uses, through the same proxy.ts), alternating;
//      the figure is Bearer ÷ cookie in requests/s (goal ≥ 0.9×).
//   2. Refresh grants per second per core (goal ≥ 150/s per core). A refresh token is single use,
//      so every client owns one token family (USERS × FAMILIES_PER_USER families, one per client)
//      and sends the refresh token of its previous answer: every request presents a fresh token.
//      The load generator shares the machine's cores with the server, PostgreSQL and Redis, so
//      "per core" is grants per CPU-second of the serving stack: the machine's busy CPU time
//      (/proc/stat) less this process's own. Also printed: per CPU-second of the web server alone
//      (how Keycloak's published 120/s per vCPU is measured, database apart) and the whole
//      machine's grants/s ÷ cores, load generator included.
// Load comes from this process (keep-alive HTTP, fixed concurrency), as in accounts.bench.ts: only
// the ratios and the figures measured in the same run mean anything. Each line also shows the
// server process's CPU time per request (/proc/<pid>/stat), which depends much less on whatever
// else the machine runs. Any answer but 2xx fails the benchmark. BENCH_SKIP_BUILD=1 reuses an
// existing .next-bench-api build.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { deriveDevJwk } from "../lib/config/dev-keys";
import { databaseUrl, dropDatabase, freshMigratedDatabase } from "../lib/testing/databases";
import { buildNext } from "../lib/testing/next-build";

const root = fileURLToPath(new URL("..", import.meta.url));
const PORT = Number(process.env.BENCH_API_PORT ?? 3910);
const BASE = `http://localhost:${PORT}`;
const DATABASE = `authcore_bench_${PORT}`;
const DIST_DIR = ".next-bench-api";
const COST = 12;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8_000);
const CONCURRENCY = 16;
const ROUNDS = 2;
const USERS = 4;
const FAMILIES_PER_USER = CONCURRENCY / USERS;
const ME_GOAL = 0.9;
const REFRESH_GOAL_PER_CORE = 150;
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const CLOCK_TICKS = 100;

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

type HttpResult = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
type Stats = {
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
type Tokens = { access_token: string; refresh_token: string };

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<HttpResult> {
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

let serverPid: number | undefined;

/** CPU seconds (user + system, every thread) the server process has used so far (0 before it runs). */
function serverCpuSeconds(): number {
  if (serverPid === undefined) return 0;
  // The fields after the command name (in parentheses, may hold spaces): utime and stime are the
  // 14th and 15th fields of the line.
  const fields = readFileSync(`/proc/${serverPid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * `concurrency` clients, each calling `step(client)` in a loop until `durationMs` has passed; a
 * step returns its HTTP status (0: no answer). A client whose step failed stops: a refresh chain
 * cannot go on without the token its last answer should have carried.
 */
async function load(
  concurrency: number,
  durationMs: number,
  step: (client: number) => Promise<number>,
): Promise<Stats> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let done = false;
  const timer = setTimeout(() => (done = true), durationMs);
  const cpuBefore = serverCpuSeconds();
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
  const serverCpu = serverCpuSeconds() - cpuBefore;
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

/** Busy CPU seconds of the whole machine so far (/proc/stat: every state but idle and iowait). */
function machineCpuSeconds(): number {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS;
}

const get = (path: string, headers: Record<string, string>) => async () => (await send("GET", path, headers)).status;

function summarize(statuses: Map<number, number>): string {
  return [...statuses].map(([s, n]) => `${n}×${s}`).join(", ");
}

/** Stops the benchmark on any answer that is not 2xx (0: the request got no answer). */
function requireSuccess(name: string, stats: Stats): Stats {
  if ([...stats.statuses.keys()].some((s) => s < 200 || s > 299)) {
    throw new Error(`${name}: answers other than 2xx: ${summarize(stats.statuses)}`);
  }
  return stats;
}

const fmt = (s: Stats) =>
  `${s.rps.toFixed(0).padStart(5)} req/s  p50 ${s.p50.toFixed(1).padStart(6)} ms  p99 ${s.p99.toFixed(1).padStart(6)} ms  server CPU ${((s.serverCpu * 1000) / s.requests).toFixed(2)} ms/request  (${summarize(s.statuses)})`;

const best = (list: Stats[]) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
const verdict = (met: boolean) => (met ? "met" : "NOT met");

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

/** `count` active users sharing one password (hashed once), written through the app's own modules. */
async function createUsers(count: number): Promise<BenchUser[]> {
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

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function tokenRequest(params: Record<string, string>): Promise<HttpResult> {
  return send("POST", "/api/v1/auth/token", FORM, new URLSearchParams(params).toString());
}

/** A new token family for `user` (password grant). */
async function passwordGrant(user: BenchUser): Promise<Tokens> {
  const response = await tokenRequest({ grant_type: "password", identifier: user.username, password: user.password });
  if (response.status !== 200) throw new Error(`password grant answered ${response.status}: ${response.body}`);
  return JSON.parse(response.body) as Tokens;
}

async function login(user: BenchUser): Promise<string> {
  const response = await send(
    "POST",
    "/api/v1/auth/login",
    { "content-type": "application/json" },
    JSON.stringify({ identifier: user.username, password: user.password }),
  );
  const setCookie = ([] as string[]).concat(response.headers["set-cookie"] ?? []);
  const cookie = (setCookie[0] ?? "").split(";")[0] ?? "";
  if (response.status !== 200 || !cookie) throw new Error(`login answered ${response.status}`);
  return cookie;
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
  serverPid = server.pid;
  try {
    await waitForServer(server);
    const [meUser, ...refreshUsers] = await createUsers(1 + USERS);
    if (!meUser) throw new Error("no bench user");

    // One user, signed in both ways: the two /me measurements differ only in how the caller proves it.
    const cookieHeaders = { cookie: await login(meUser) };
    const bearerHeaders = { authorization: `Bearer ${(await passwordGrant(meUser)).access_token}` };
    const byCookie = await send("GET", "/api/v1/me", cookieHeaders);
    const byBearer = await send("GET", "/api/v1/me", bearerHeaders);
    if (byCookie.status !== 200 || byBearer.status !== 200 || byCookie.body !== byBearer.body) {
      throw new Error(`/api/v1/me: cookie ${byCookie.status}, Bearer ${byBearer.status}, or different users`);
    }

    // The refresh chains: one family per client. One user's sign-ins go one at a time (the
    // brute-force rules reserve each attempt before the hash is compared), users in parallel.
    const perUser = await Promise.all(
      refreshUsers.map(async (user) => {
        const families: string[] = [];
        for (let i = 0; i < FAMILIES_PER_USER; i++) families.push((await passwordGrant(user)).refresh_token);
        return families;
      }),
    );
    const chains = perUser.flat();
    let grants = 0;
    const refresh = async (client: number): Promise<number> => {
      const response = await tokenRequest({ grant_type: "refresh_token", refresh_token: chains[client]! });
      if (response.status !== 200) return response.status;
      const tokens = JSON.parse(response.body) as Partial<Tokens>;
      if (!tokens.refresh_token || tokens.refresh_token === chains[client] || !tokens.access_token) return 0;
      chains[client] = tokens.refresh_token;
      grants += 1;
      return 200;
    };

    const cores = availableParallelism();
    console.log(
      `cores: ${cores}, ${DURATION_MS / 1000} s per measurement, concurrency ${CONCURRENCY}, best of ${ROUNDS} alternating rounds`,
    );
    // Warm-up (JIT, connection pools, caches).
    requireSuccess("warm-up", await load(CONCURRENCY, 2_000, get("/api/health", {})));
    requireSuccess("warm-up", await load(CONCURRENCY, 2_000, get("/api/v1/me", cookieHeaders)));
    requireSuccess("warm-up", await load(CONCURRENCY, 2_000, get("/api/v1/me", bearerHeaders)));
    requireSuccess("warm-up", await load(CONCURRENCY, 2_000, refresh));

    console.log("\n1. GET /api/v1/me with Bearer vs with the session cookie vs GET /api/health (bare handler)");
    const bare: Stats[] = [];
    const cookie: Stats[] = [];
    const bearer: Stats[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(requireSuccess("/api/health", await load(CONCURRENCY, DURATION_MS, get("/api/health", {}))));
      cookie.push(requireSuccess("/me cookie", await load(CONCURRENCY, DURATION_MS, get("/api/v1/me", cookieHeaders))));
      bearer.push(requireSuccess("/me Bearer", await load(CONCURRENCY, DURATION_MS, get("/api/v1/me", bearerHeaders))));
    }
    const [b, c, t] = [best(bare), best(cookie), best(bearer)];
    console.log(`   bare   /api/health  ${fmt(b)}`);
    console.log(`   cookie /api/v1/me   ${fmt(c)}`);
    console.log(`   Bearer /api/v1/me   ${fmt(t)}`);
    console.log(
      `   ratio Bearer ÷ cookie: ${(t.rps / c.rps).toFixed(2)}× requests/s (goal ≥ ${ME_GOAL}×: ${verdict(t.rps / c.rps >= ME_GOAL)}), p99 ${(t.p99 / c.p99).toFixed(2)}×`,
    );
    console.log(`   vs bare: Bearer ${(t.rps / b.rps).toFixed(2)}×, cookie ${(c.rps / b.rps).toFixed(2)}× requests/s`);

    console.log(
      `\n2. POST /api/v1/auth/token grant_type=refresh_token (form-encoded), ${chains.length} token families (${USERS} users × ${FAMILIES_PER_USER}), one chain per client`,
    );
    const bare2: Stats[] = [];
    const refreshes: Stats[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bare2.push(requireSuccess("/api/health", await load(CONCURRENCY, DURATION_MS, get("/api/health", {}))));
      refreshes.push(requireSuccess("refresh grants", await load(CONCURRENCY, DURATION_MS, refresh)));
    }
    const top = best(refreshes);
    const perServerCore = top.requests / top.serverCpu;
    const perStackCore = top.requests / top.stackCpu;
    console.log(`   bare   /api/health  ${fmt(best(bare2))}`);
    console.log(`   refresh grants      ${fmt(top)}`);
    console.log(
      `   per core of the serving stack (web server + PostgreSQL + Redis CPU time, load generator excluded): ${perStackCore.toFixed(0)} grants/s (goal ≥ ${REFRESH_GOAL_PER_CORE}/s per core: ${verdict(perStackCore >= REFRESH_GOAL_PER_CORE)})`,
    );
    console.log(
      `   per core of the web server alone (as Keycloak sizes its pods, database apart): ${perServerCore.toFixed(0)} grants/s; the server used ${(top.serverCpu / top.seconds).toFixed(2)} of ${cores} cores`,
    );
    console.log(
      `   whole machine, load generator included: ${top.rps.toFixed(0)} grants/s ÷ ${cores} cores = ${(top.rps / cores).toFixed(0)} grants/s per core`,
    );
    console.log(
      `   vs bare: ${(top.rps / best(bare2).rps).toFixed(2)}× requests/s; ${grants} refresh grants in all, every one with a token never presented before`,
    );
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
    agent.destroy();
    await dropDatabase(DATABASE).catch(() => undefined);
  }
}
