// Accounts benchmark, against a production build (`next build` into .next-bench, served by the
// same server as `npm start`) with its own database, on port BENCH_PORT (default 3900):
//   1. GET /api/v1/me with a session cookie vs GET /api/health (a bare JSON route handler in the
//      same server and run): requests/s and p99; the ratio is the figure (goal ≥ 0.75×).
//   2. Logins/s at BCRYPT_COST=12 vs what the cores can hash (bcrypt timed in this process).
//   3. p99 of GET /api/v1/me while a burst of logins runs vs idle (goal ≤ 2×).
// Load comes from this process (bench/support.ts), so client and server share the machine's
// cores, as in CI: only the ratios measured in the same run mean anything. Any answer but 2xx
// fails the benchmark. BENCH_SKIP_BUILD=1 reuses an existing .next-bench build.
import { availableParallelism } from "node:os";
import bcrypt from "bcryptjs";
import {
  benchServer,
  best,
  DURATION_MS,
  fmt,
  machineLoad,
  median,
  requireSuccess,
  summarize,
  type BenchServer,
  type BenchUser,
  type Stats,
} from "./support";

const COST = 12;
const CONCURRENCY = 16;
const PROBE_CONCURRENCY = 4;
const BURST_LOGINS = 48;
const BURST_CONCURRENCY = 16;
const ROUNDS = 3;
const PROBE_MS = 5_000;

export default async function bench(): Promise<void> {
  const app = benchServer({ port: Number(process.env.BENCH_PORT ?? 3900), distDir: ".next-bench", bcryptCost: COST });
  try {
    await app.start();
    const [user, ...burstUsers] = await app.createUsers(1 + BURST_LOGINS);
    if (!user) throw new Error("no bench user");
    const { status, cookie } = await app.login(user);
    if (status !== 200 || !cookie) throw new Error(`login failed with ${status}`);
    const authed = { cookie };
    const check = await app.send("GET", "/api/v1/me", authed);
    if (check.status !== 200) throw new Error(`/api/v1/me answered ${check.status}`);
    // Auth.js (the OAuth edge) must read the very cookie our own login wrote.
    const authjs = await app.send("GET", "/api/auth/session", authed);
    if (authjs.status !== 200 || !authjs.body.includes((JSON.parse(check.body) as { id: string }).id)) {
      throw new Error(`/api/auth/session did not see the session: ${authjs.status} ${authjs.body}`);
    }
    const health = app.get("/api/health");
    const me = app.get("/api/v1/me", authed);

    console.log(
      `cores: ${availableParallelism()}, BCRYPT_COST=${COST}, ${DURATION_MS / 1000} s per measurement, concurrency ${CONCURRENCY}; ${machineLoad()}`,
    );
    // Warm-up (JIT, connection pools, caches).
    requireSuccess("warm-up", await app.load(CONCURRENCY, 2_000, health));
    requireSuccess("warm-up", await app.load(CONCURRENCY, 2_000, me));

    console.log("\n1. GET /api/v1/me (cookie) vs GET /api/health (bare handler), alternating");
    const bare: Stats[] = [];
    const authedStats: Stats[] = [];
    for (let round = 0; round < 2; round++) {
      bare.push(requireSuccess("/api/health", await app.load(CONCURRENCY, DURATION_MS, health)));
      authedStats.push(requireSuccess("/api/v1/me", await app.load(CONCURRENCY, DURATION_MS, me)));
    }
    console.log(`   bare  /api/health  ${fmt(best(bare))}`);
    console.log(`   authed /api/v1/me  ${fmt(best(authedStats))}`);
    console.log(
      `   ratio /me ÷ bare: ${(best(authedStats).rps / best(bare).rps).toFixed(2)}× requests/s (goal ≥ 0.75×), p99 ${(best(authedStats).p99 / best(bare).p99).toFixed(2)}×`,
    );

    console.log("\n2. Logins/s at BCRYPT_COST=12 vs hashing capacity of the cores");
    const hashes = 4;
    const t0 = performance.now();
    for (let i = 0; i < hashes; i++) bcrypt.hashSync("capacity-probe", COST);
    const perHashMs = (performance.now() - t0) / hashes;
    const capacity = (availableParallelism() * 1000) / perHashMs;
    const burstStart = performance.now();
    const statuses = await runBurst(app, burstUsers, BURST_CONCURRENCY);
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
      const idle = requireSuccess("/api/v1/me idle", await app.load(PROBE_CONCURRENCY, PROBE_MS, me));
      const burst = runBurst(app, burstUsers, BURST_CONCURRENCY);
      const busy = await app.load(PROBE_CONCURRENCY, 120_000, me, burst);
      const burstStatuses = await burst;
      requireSuccess("/api/v1/me during the burst", busy);
      ratios.push(busy.p99 / idle.p99);
      console.log(`   round ${round} idle          ${fmt(idle)}`);
      console.log(`   round ${round} during burst  ${fmt(busy)}  (logins: ${summarize(burstStatuses)})`);
    }
    console.log(
      `   p99 ratio burst ÷ idle: median ${median(ratios).toFixed(2)}× (rounds: ${ratios.map((r) => r.toFixed(2)).join(", ")}; goal ≤ 2×)`,
    );
  } finally {
    await app.stop();
  }
}

/** Signs every user in once, `concurrency` at a time; any answer but 200 stops the benchmark. */
async function runBurst(app: BenchServer, users: BenchUser[], concurrency: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users.length) {
        const user = users[next]!;
        next += 1;
        statuses.push((await app.login(user)).status);
      }
    }),
  );
  if (statuses.some((status) => status !== 200)) throw new Error(`logins refused: ${summarize(statuses)}`);
  return statuses;
}
