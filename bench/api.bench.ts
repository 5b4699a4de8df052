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
// Load comes from this process (bench/support.ts), as in accounts.bench.ts: only the ratios and the
// figures measured in the same run mean anything. Each line also shows the server process's CPU
// time per request (/proc/<pid>/stat), which depends much less on whatever else the machine runs.
// Any answer but 2xx fails the benchmark. BENCH_SKIP_BUILD=1 reuses an existing .next-bench-api build.
import { availableParallelism } from "node:os";
import {
  benchServer,
  best,
  DURATION_MS,
  fmt,
  machineLoad,
  requireSuccess,
  verdict,
  type Stats,
  type Tokens,
} from "./support";

const CONCURRENCY = 16;
const ROUNDS = 2;
const USERS = 4;
const FAMILIES_PER_USER = CONCURRENCY / USERS;
const ME_GOAL = 0.9;
const REFRESH_GOAL_PER_CORE = 150;

export default async function bench(): Promise<void> {
  const app = benchServer({ port: Number(process.env.BENCH_API_PORT ?? 3910), distDir: ".next-bench-api" });
  try {
    await app.start();
    const [meUser, ...refreshUsers] = await app.createUsers(1 + USERS);
    if (!meUser) throw new Error("no bench user");

    // One user, signed in both ways: the two /me measurements differ only in how the caller proves it.
    const signedIn = await app.login(meUser);
    if (signedIn.status !== 200 || !signedIn.cookie) throw new Error(`login answered ${signedIn.status}`);
    const cookieHeaders = { cookie: signedIn.cookie };
    const bearerHeaders = { authorization: `Bearer ${(await app.passwordGrant(meUser)).access_token}` };
    const byCookie = await app.send("GET", "/api/v1/me", cookieHeaders);
    const byBearer = await app.send("GET", "/api/v1/me", bearerHeaders);
    if (byCookie.status !== 200 || byBearer.status !== 200 || byCookie.body !== byBearer.body) {
      throw new Error(`/api/v1/me: cookie ${byCookie.status}, Bearer ${byBearer.status}, or different users`);
    }

    // The refresh chains: one family per client. One user's sign-ins go one at a time (the
    // brute-force rules reserve each attempt before the hash is compared), users in parallel.
    const perUser = await Promise.all(
      refreshUsers.map(async (user) => {
        const families: string[] = [];
        for (let i = 0; i < FAMILIES_PER_USER; i++) families.push((await app.passwordGrant(user)).refresh_token);
        return families;
      }),
    );
    const chains = perUser.flat();
    let grants = 0;
    const refresh = async (client: number): Promise<number> => {
      const response = await app.tokenRequest({ grant_type: "refresh_token", refresh_token: chains[client]! });
      if (response.status !== 200) return response.status;
      const tokens = JSON.parse(response.body) as Partial<Tokens>;
      if (!tokens.refresh_token || tokens.refresh_token === chains[client] || !tokens.access_token) return 0;
      chains[client] = tokens.refresh_token;
      grants += 1;
      return 200;
    };

    const health = app.get("/api/health");
    const meByCookie = app.get("/api/v1/me", cookieHeaders);
    const meByBearer = app.get("/api/v1/me", bearerHeaders);

    const cores = availableParallelism();
    console.log(
      `cores: ${cores}, ${DURATION_MS / 1000} s per measurement, concurrency ${CONCURRENCY}, best of ${ROUNDS} alternating rounds; ${machineLoad()}`,
    );
    // Warm-up (JIT, connection pools, caches).
    requireSuccess("warm-up", await app.load(CONCURRENCY, 2_000, health));
    requireSuccess("warm-up", await app.load(CONCURRENCY, 2_000, meByCookie));
    requireSuccess("warm-up", await app.load(CONCURRENCY, 2_000, meByBearer));
    requireSuccess("warm-up", await app.load(CONCURRENCY, 2_000, refresh));

    console.log("\n1. GET /api/v1/me with Bearer vs with the session cookie vs GET /api/health (bare handler)");
    const bare: Stats[] = [];
    const cookie: Stats[] = [];
    const bearer: Stats[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(requireSuccess("/api/health", await app.load(CONCURRENCY, DURATION_MS, health)));
      cookie.push(requireSuccess("/me cookie", await app.load(CONCURRENCY, DURATION_MS, meByCookie)));
      bearer.push(requireSuccess("/me Bearer", await app.load(CONCURRENCY, DURATION_MS, meByBearer)));
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
      bare2.push(requireSuccess("/api/health", await app.load(CONCURRENCY, DURATION_MS, health)));
      refreshes.push(requireSuccess("refresh grants", await app.load(CONCURRENCY, DURATION_MS, refresh)));
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
    await app.stop();
  }
}
