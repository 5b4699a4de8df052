// Users API benchmark, against a production build (`next build` into .next-bench-users, served by
// the same server as `npm start`) with its own database, on port BENCH_USERS_PORT (default 3920).
// The organisation: 10,000 users, one Admin at the top and below them TREES managers, each heading
// a tree 10 levels deep (so the longest chains are 12 people). The caller is one of those managers
// (Manager role, not Admin: every check goes through the management chain), signed in with Bearer.
//   1. GET /api/v1/users?pageSize=50 vs GET /api/health (bare handler), alternating, with GET
//      /api/v1/me (Bearer) beside them to separate the cost of authentication from the list's;
//      the figure is list ÷ bare in requests/s (goal ≥ 0.5×).
//   2. PATCH /api/v1/users/{id} {firstName} on users 10 levels below the caller (each request
//      another target and another name, so every one is chain-checked, written and audited) vs
//      GET /api/health: p99 at PROBE_CONCURRENCY (goal ≤ 3× the bare p99; the median of ROUNDS
//      alternating rounds), and at CONCURRENCY for comparison, where a closed loop's p99 is mostly
//      queueing, i.e. throughput.
// Load comes from this process (bench/support.ts), as in the other benchmarks: only the ratios and
// the figures measured in the same run mean anything. Any answer but 2xx fails the benchmark.
// BENCH_SKIP_BUILD=1 reuses an existing .next-bench-users build.
import { randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import {
  benchServer,
  best,
  DURATION_MS,
  fmt,
  machineLoad,
  median,
  requireSuccess,
  verdict,
  type BenchServer,
  type Stats,
} from "./support";

const CONCURRENCY = 16;
const PROBE_CONCURRENCY = 4;
const ROUNDS = 3;
const PAGE_SIZE = 50;
const LIST_GOAL = 0.5;
const PATCH_P99_GOAL = 3;
/** Trees below the Admin, and how many people each level of a tree holds (level 1: the manager's direct reports). */
const TREES = 9;
const LEVEL_WIDTHS = [3, 6, 12, 24, 48, 96, 150, 200, 250, 321];
const DEPTH = LEVEL_WIDTHS.length;
const USERS = 1 + TREES * (1 + LEVEL_WIDTHS.reduce((sum, width) => sum + width, 0));

type Organisation = { caller: { id: string; username: string }; deepest: string[]; otherTree: string };

/**
 * The organisation, written straight into the database. Usernames are a permutation of the
 * insertion order, so a page sorted by username mixes trees and depths.
 */
async function createOrganisation(app: BenchServer, password: string): Promise<Organisation> {
  const db = await app.database();
  const { hashSync } = await import("../lib/auth/password/hash");
  const passwordHash = hashSync(password, app.env.PASSWORD_PEPPER as string, app.bcryptCost);
  const roles = new Map((await db.role.findMany({ select: { id: true, name: true } })).map((r) => [r.name, r.id]));
  type Row = { id: string; managerId: string | null; role: string };
  const rows: Row[] = [{ id: randomUUID(), managerId: null, role: "Admin" }];
  const trees: Row[][][] = [];
  for (let t = 0; t < TREES; t++) {
    const root: Row = { id: randomUUID(), managerId: rows[0]!.id, role: "Manager" };
    const levels: Row[][] = [[root]];
    for (const width of LEVEL_WIDTHS) {
      const above = levels.at(-1)!;
      // Spread evenly: the j-th person of a level reports to the proportional person above.
      const level = Array.from({ length: width }, (_, j) => ({
        id: randomUUID(),
        managerId: above[Math.floor((j * above.length) / width)]!.id,
        role: "Employee",
      }));
      levels.push(level);
    }
    trees.push(levels);
  }
  // Parents before children, level by level across the trees.
  for (let depth = 0; depth <= DEPTH; depth++) for (const levels of trees) rows.push(...levels[depth]!);
  const managers = new Set(rows.map((row) => row.managerId));
  const name = (i: number) => `org${String((i * 7919) % USERS).padStart(5, "0")}`;
  const names = rows.map((_, i) => name(i));
  // One INSERT … SELECT over three arrays (createMany binds every value of every row as a parameter).
  await db.$executeRaw`
    INSERT INTO "User" ("id", "username", "usernameKey", "email", "firstName", "lastName", "passwordHash",
                        "isActive", "emailVerified", "managerId", "updatedAt")
    SELECT id, name, name, name || '@example.test', 'Bench', 'User', ${passwordHash}, TRUE, now(), manager, now()
    FROM unnest(${rows.map((row) => row.id)}::text[], ${names}::text[], ${rows.map((row) => row.managerId)}::text[])
      AS t(id, name, manager)`;
  const roleIds = rows.map((row) => roles.get(row.role === "Employee" && managers.has(row.id) ? "Manager" : row.role)!);
  await db.$executeRaw`
    INSERT INTO "UserRole" ("userId", "roleId")
    SELECT * FROM unnest(${rows.map((row) => row.id)}::text[], ${roleIds}::text[])`;
  // A settled organisation's tables have been vacuumed (autovacuum does it): the visibility map
  // lets the total be counted from an index. A bulk insert alone leaves it unset.
  await db.$executeRaw`VACUUM ANALYZE "User"`;
  await db.$executeRaw`VACUUM ANALYZE "UserRole"`;
  const callerRow = trees[0]![0]![0]!;
  return {
    caller: { id: callerRow.id, username: names[rows.indexOf(callerRow)]! },
    deepest: trees[0]![DEPTH]!.map((row) => row.id),
    otherTree: trees[1]![DEPTH]![0]!.id,
  };
}

/** How many managers up from `id` the chain reaches `ancestor` (null: never). */
async function levelsBelow(app: BenchServer, ancestor: string, id: string): Promise<number | null> {
  const db = await app.database();
  let current: string | null = id;
  for (let levels = 0; current; levels++) {
    if (current === ancestor) return levels;
    const row: { managerId: string | null } | null = await db.user.findUnique({
      where: { id: current },
      select: { managerId: true },
    });
    current = row?.managerId ?? null;
  }
  return null;
}

export default async function bench(): Promise<void> {
  const app = benchServer({ port: Number(process.env.BENCH_USERS_PORT ?? 3920), distDir: ".next-bench-users" });
  try {
    await app.start();
    const password = `bench-Password-${randomUUID()}`;
    const started = performance.now();
    const org = await createOrganisation(app, password);
    const db = await app.database();
    console.log(
      `organisation: ${await db.user.count()} users written in ${((performance.now() - started) / 1000).toFixed(1)} s; caller ${org.caller.username} (Manager, under the Admin), targets ${DEPTH} levels below them`,
    );
    const depths = await Promise.all(
      [org.deepest[0]!, org.deepest.at(-1)!].map((id) => levelsBelow(app, org.caller.id, id)),
    );
    if (depths.some((depth) => depth !== DEPTH))
      throw new Error(`targets are ${depths.join(", ")} levels below the caller`);

    const token = (await app.passwordGrant({ username: org.caller.username, password })).access_token;
    const bearer = { authorization: `Bearer ${token}` };
    const json = { ...bearer, "content-type": "application/json" };

    // The routes answer as the benchmark assumes: a full page out of every user, a change below
    // the caller applied, the same change in another tree refused (the chain check is live).
    const page = await app.send("GET", `/api/v1/users?pageSize=${PAGE_SIZE}`, bearer);
    const pageBody = JSON.parse(page.body) as { items: unknown[]; total: number };
    if (page.status !== 200 || pageBody.items.length !== PAGE_SIZE || pageBody.total !== USERS) {
      throw new Error(`GET /api/v1/users answered ${page.status}: ${page.body.slice(0, 200)}`);
    }
    const changed = await app.send("PATCH", `/api/v1/users/${org.deepest[0]}`, json, '{"firstName":"Checked"}');
    if (changed.status !== 200 || (JSON.parse(changed.body) as { firstName?: string }).firstName !== "Checked") {
      throw new Error(`PATCH below the caller answered ${changed.status}: ${changed.body}`);
    }
    const refused = await app.send("PATCH", `/api/v1/users/${org.otherTree}`, json, '{"firstName":"Refused"}');
    if (refused.status !== 403) throw new Error(`PATCH in another tree answered ${refused.status}, not 403`);

    const health = app.get("/api/health");
    const me = app.get("/api/v1/me", bearer);
    const list = app.get(`/api/v1/users?pageSize=${PAGE_SIZE}`, bearer);
    let patches = 0;
    const patch = async () => {
      patches += 1;
      const target = org.deepest[patches % org.deepest.length]!;
      const body = JSON.stringify({ firstName: `Bench ${patches}` });
      return (await app.send("PATCH", `/api/v1/users/${target}`, json, body)).status;
    };

    console.log(
      `cores: ${availableParallelism()}, ${DURATION_MS / 1000} s per measurement, ${ROUNDS} alternating rounds; ${machineLoad()}`,
    );
    // Warm-up (JIT, connection pools, caches).
    for (const step of [health, me, list, patch]) requireSuccess("warm-up", await app.load(CONCURRENCY, 2_000, step));

    console.log(
      `\n1. GET /api/v1/users?pageSize=${PAGE_SIZE} (Bearer, Manager) vs GET /api/health, concurrency ${CONCURRENCY}`,
    );
    const bare: Stats[] = [];
    const mine: Stats[] = [];
    const lists: Stats[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(requireSuccess("/api/health", await app.load(CONCURRENCY, DURATION_MS, health)));
      mine.push(requireSuccess("/api/v1/me", await app.load(CONCURRENCY, DURATION_MS, me)));
      lists.push(requireSuccess("/api/v1/users", await app.load(CONCURRENCY, DURATION_MS, list)));
    }
    const [b, m, l] = [best(bare), best(mine), best(lists)];
    console.log(`   bare   /api/health     ${fmt(b)}`);
    console.log(`   Bearer /api/v1/me      ${fmt(m)}`);
    console.log(`   Bearer /api/v1/users   ${fmt(l)}`);
    console.log(
      `   ratio list ÷ bare: ${(l.rps / b.rps).toFixed(2)}× requests/s (goal ≥ ${LIST_GOAL}×: ${verdict(l.rps / b.rps >= LIST_GOAL)}); /me ÷ bare ${(m.rps / b.rps).toFixed(2)}×, list ÷ /me ${(l.rps / m.rps).toFixed(2)}×`,
    );

    console.log(`\n2. PATCH /api/v1/users/{id} {firstName}, ${DEPTH} levels below the caller, vs GET /api/health`);
    for (const concurrency of [PROBE_CONCURRENCY, CONCURRENCY]) {
      const ratios: number[] = [];
      const bares: Stats[] = [];
      const changes: Stats[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        bares.push(requireSuccess("/api/health", await app.load(concurrency, DURATION_MS, health)));
        changes.push(requireSuccess("PATCH", await app.load(concurrency, DURATION_MS, patch)));
        ratios.push(changes.at(-1)!.p99 / bares.at(-1)!.p99);
      }
      const ratio = median(ratios);
      const goal =
        concurrency === PROBE_CONCURRENCY
          ? `goal ≤ ${PATCH_P99_GOAL}×: ${verdict(ratio <= PATCH_P99_GOAL)}`
          : "for comparison: at this concurrency p99 is mostly queueing";
      console.log(`   concurrency ${concurrency}`);
      for (let round = 0; round < ROUNDS; round++) {
        console.log(`   round ${round + 1} bare  /api/health  ${fmt(bares[round]!)}`);
        console.log(`   round ${round + 1} PATCH /users/{id}  ${fmt(changes[round]!)}`);
      }
      console.log(
        `   p99 ratio PATCH ÷ bare: median ${ratio.toFixed(2)}× (rounds: ${ratios.map((r) => r.toFixed(2)).join(", ")}; ${goal}); requests/s ${(best(changes).rps / best(bares).rps).toFixed(2)}×`,
      );
    }
    console.log(`   ${patches} changes in all, each chain-checked, written and audited`);
  } finally {
    await app.stop();
  }
}
