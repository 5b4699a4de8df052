// `npm run bench -- load`: the whole stack under 200 virtual users (bench/load/virtual-users.ts) for
// 60 s, then the same load with one fault each (Redis cut for 10 s through a relay, RabbitMQ
// connections closed, the worker killed with SIGKILL and restarted, one of two web instances
// killed, PostgreSQL connections terminated). Prints throughput, p50/p95/p99 per route, 5xx and
// unanswered requests (goal 0 without a fault; after a fault, the time until none), emails owed
// vs sent (goal: each exactly once), replays of signed-out sessions and revoked tokens let in
// (goal 0), what /api/ready said, and the machine's CPU use; writes docs/reliability.md.
// LOAD_SCENARIOS=steady,redis-cut,… picks scenarios; LOAD_USERS and LOAD_DURATION_S size them;
// LOAD_SMOKE=1 is the short form `npm test` runs (10 s steady, then the Redis cut).
import { execFile, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { promisify } from "node:util";
import pg from "pg";
import { hashSync } from "../lib/auth/password/hash";
import { DEFAULT_ROLE } from "../lib/authz/builtin-roles";
import { startStack, type Stack } from "./load/stack";
import { Recorder, recoverySeconds, routeFigures, statusCounts, isFailure } from "./load/record";
import { Mailbox, runVirtualUsers, type Account, type Outcome, type Plan } from "./load/virtual-users";
import { ROOT, summarize, verdict } from "./support";

const run = promisify(execFile);
const SMOKE = process.env.LOAD_SMOKE === "1";
const USERS = Number(process.env.LOAD_USERS ?? (SMOKE ? 40 : 200));
const DURATION_S = Number(process.env.LOAD_DURATION_S ?? (SMOKE ? 10 : 60));
const THINK_MS = Number(process.env.LOAD_THINK_MS ?? 1_000);
/** Seconds after the start a fault is made (once every user has started), and how long a fault scenario lasts. */
const FAULT_AT_S = Number(process.env.LOAD_FAULT_AT_S ?? (SMOKE ? 5 : 30));
const CUT_S = 10;
const FAULT_DURATION_S = Math.max(DURATION_S, FAULT_AT_S + CUT_S + 10);
/** How long /api/ready may take to notice a change (a 2 s probe time limit plus its 1 s cache). */
const READY_GRACE_S = 3.5;

type Fault = {
  name: string;
  what: string;
  /** Makes the fault; resolves with the time (s) from which the stack is whole again. */
  inject(stack: Stack, recorder: Recorder): Promise<number>;
  /** When /api/ready must say unavailable (Redis cut), in seconds of the run. */
  downWindow?: (at: number) => [number, number];
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const FAULTS: Fault[] = [
  {
    name: "redis-cut",
    what: `Redis cut for ${CUT_S} s (every connection reset, new ones refused, at the relay)`,
    async inject(stack, recorder) {
      stack.redisRelay.cut();
      await sleep(CUT_S * 1000);
      stack.redisRelay.restore();
      return recorder.now();
    },
    downWindow: (at) => [at, at + CUT_S],
  },
  {
    name: "rabbitmq-closed",
    what: "every RabbitMQ connection of the stack closed by the broker",
    async inject(stack, recorder) {
      await run("rabbitmqctl", ["close_all_connections", "-p", stack.vhost, "load benchmark fault"]);
      return recorder.now();
    },
  },
  {
    name: "worker-killed",
    what: "the worker killed with SIGKILL and started again",
    async inject(stack, recorder) {
      await stack.worker.kill("SIGKILL");
      await stack.worker.start();
      return recorder.now();
    },
  },
  {
    name: "web-killed",
    what: "one of the two web instances killed with SIGKILL and started again (the balancer sends everything to the other meanwhile)",
    async inject(stack, recorder) {
      await stack.webs[1]!.kill("SIGKILL");
      await stack.webs[1]!.start();
      return recorder.now();
    },
  },
  {
    name: "pg-terminated",
    what: "every PostgreSQL connection of the web instances and the worker terminated (pg_terminate_backend)",
    async inject(stack, recorder) {
      const client = new pg.Client({ connectionString: stack.env.DATABASE_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(pg_terminate_backend(pid))::text AS n FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        recorder.notes.push(`${rows[0]?.n ?? 0} connections terminated`);
      } finally {
        await client.end();
      }
      return recorder.now();
    },
  },
];

type ReadyPoll = { at: number; instance: number; status: number; down: string };

/** Asks each web instance's /api/ready twice a second until stopped. */
function pollReadiness(stack: Stack, recorder: Recorder): { polls: ReadyPoll[]; stop(): Promise<void> } {
  const polls: ReadyPoll[] = [];
  let running = true;
  const loops = stack.webUrls.map(async (url, instance) => {
    while (running) {
      const at = recorder.now();
      // From this machine's address, as an orchestrator's probe: the answer names the service that is down.
      const answer = await fetch(`${url}/api/ready`, {
        headers: { "x-forwarded-for": "127.0.0.1" },
        signal: AbortSignal.timeout(5_000),
      }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as { checks?: Record<string, string> } }),
        () => ({ status: 0, body: {} as { checks?: Record<string, string> } }),
      );
      const down = Object.entries(answer.body.checks ?? {}).filter(([, state]) => state !== "ok");
      polls.push({ at, instance, status: answer.status, down: down.map(([name]) => name).join("+") });
      await sleep(500);
    }
  });
  return {
    polls,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Active accounts with the default role, sharing one password hashed once, written straight into the database. */
async function createAccounts(stack: Stack, count: number, prefix: string): Promise<Account[]> {
  const password = `Load-${randomBytes(9).toString("base64url")}`;
  const hash = hashSync(password, stack.env.PASSWORD_PEPPER!, Number(stack.env.BCRYPT_COST));
  const client = new pg.Client({ connectionString: stack.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT "id" FROM "Role" WHERE "name" = $1`, [DEFAULT_ROLE]);
    const ids = Array.from({ length: count }, () => randomUUID());
    const names = ids.map((_, i) => `${prefix}${i}`);
    await client.query(
      `INSERT INTO "User" ("id", "username", "usernameKey", "email", "passwordHash", "isActive", "emailVerified", "updatedAt")
       SELECT id, name, name, name || '@example.test', $3, true, now(), now() FROM unnest($1::text[], $2::text[]) AS t(id, name)`,
      [ids, names, hash],
    );
    await client.query(`INSERT INTO "UserRole" ("userId", "roleId") SELECT unnest($1::text[]), $2`, [ids, rows[0]!.id]);
    return names.map((username) => ({ username, password }));
  } finally {
    await client.end();
  }
}

/** Busy and total CPU ticks of the whole machine so far (/proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const ticks = fields.map(Number);
  const idle = ticks[3]! + ticks[4]!;
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

type ScenarioResult = {
  name: string;
  what: string;
  seconds: number;
  requests: number;
  statuses: string;
  routes: ReturnType<typeof routeFigures>;
  failures: number;
  failuresDuring: number;
  failuresAfter: number;
  recovery: number | null;
  outcome: Outcome;
  wronglyAccepted: string[];
  readiness: string;
  readinessLies: number;
  cpu: string;
  notes: string[];
};

async function scenario(stack: Stack, fault: Fault | null, mailbox: Mailbox): Promise<ScenarioResult> {
  const name = fault?.name ?? "steady";
  // Usernames are at most 30 characters: a short label per scenario.
  const label = `l${randomBytes(3).toString("hex")}`;
  const regulars = Math.ceil(USERS * 0.6) + 1;
  const accounts = await createAccounts(stack, regulars, `${label}r`);
  const plan: Plan = {
    users: USERS,
    durationS: fault ? FAULT_DURATION_S : DURATION_S,
    rampS: Math.min(30, DURATION_S / 2, FAULT_AT_S),
    thinkMs: THINK_MS,
    visitActions: 24,
  };
  const recorder = new Recorder(stack.base);
  const readiness = pollReadiness(stack, recorder);
  const ticks = machineTicks();
  const processes = [...stack.webs, stack.worker];
  const cpuBefore = processes.map((p) => p.cpuSeconds());
  const ownBefore = process.cpuUsage();
  let faultAt = 0;
  let wholeAt = 0;
  const injected = fault
    ? sleep(FAULT_AT_S * 1000).then(async () => {
        faultAt = recorder.now();
        wholeAt = await fault.inject(stack, recorder);
      })
    : Promise.resolve();
  const outcome = await runVirtualUsers({ recorder, plan, mailbox, accounts, runId: `${label}n` });
  await injected;
  const seconds = recorder.now();
  const after = machineTicks();
  const own = process.cpuUsage(ownBefore);
  await readiness.stop();
  recorder.close();

  const samples = recorder.samples;
  const failures = samples.filter((s) => isFailure(s.status));
  const down = fault?.downWindow?.(faultAt);
  const lies = readiness.polls.filter((poll) => {
    if (poll.status === 0) return false; // a killed instance answers nothing: it says nothing false
    const inDown = down && poll.at >= down[0] + READY_GRACE_S && poll.at <= down[1];
    const settled = poll.at > Math.max(wholeAt, down?.[1] ?? 0) + READY_GRACE_S || (!fault && poll.at > READY_GRACE_S);
    return (inDown && poll.status === 200) || (settled && !inDown && poll.status !== 200);
  });
  const busy = ((after.busy - ticks.busy) / (after.total - ticks.total)) * 100;
  const perProcess = processes
    .map((p, i) => `${p.name} ${(((p.cpuSeconds() - cpuBefore[i]!) / seconds) * 100).toFixed(0)}%`)
    .join(", ");
  return {
    name,
    what: fault?.what ?? `no fault: ${USERS} virtual users for ${DURATION_S} s`,
    seconds,
    requests: samples.length,
    statuses: summarize(statusCounts(samples)),
    routes: routeFigures(samples, seconds),
    failures: failures.length,
    // A request sent before the stack was whole again may meet the fault; one sent after must not.
    failuresDuring: fault ? failures.filter((s) => s.at <= wholeAt).length : 0,
    failuresAfter: fault ? failures.filter((s) => s.at > wholeAt).length : failures.length,
    recovery: fault ? recoverySeconds(samples, wholeAt) : null,
    outcome,
    wronglyAccepted: recorder.wronglyAccepted,
    readiness: describeReadiness(readiness.polls, stack.webUrls.length),
    readinessLies: lies.length,
    cpu:
      `machine ${busy.toFixed(0)}% of ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? "cpu"}); ` +
      `${perProcess}, load generator ${(((own.user + own.system) / 1e6 / seconds) * 100).toFixed(0)}% (of one core)`,
    notes: [
      ...recorder.notes,
      ...(fault ? [`fault at ${faultAt.toFixed(1)} s, stack whole again at ${wholeAt.toFixed(1)} s`] : []),
      ...[...failures.filter((s) => s.at > wholeAt), ...failures.filter((s) => s.at <= wholeAt)]
        .slice(0, 8)
        .map(
          (f) =>
            `failed: ${f.route} sent at ${f.at.toFixed(1)} s: ${f.status || `no answer (${f.error})`} after ${(f.ms / 1000).toFixed(1)} s`,
        ),
    ],
  };
}

/** "web1: 200 throughout; web2: 503 from 20.4 s to 31.0 s" */
function describeReadiness(polls: ReadyPoll[], instances: number): string {
  return Array.from({ length: instances }, (_, instance) => {
    const mine = polls.filter((p) => p.instance === instance);
    const spans: string[] = [];
    let start: ReadyPoll | null = null;
    for (const [i, poll] of mine.entries()) {
      if (poll.status !== 200 && !start) start = poll;
      const last = i === mine.length - 1;
      if (start && (poll.status === 200 || last)) {
        const said = start.status ? `${start.status}${start.down ? ` (${start.down} down)` : ""}` : "no answer";
        spans.push(`${said} from ${start.at.toFixed(1)} s to ${poll.at.toFixed(1)} s`);
        start = null;
      }
    }
    return `web${instance + 1}: ${spans.length ? `200 except ${spans.join(", ")}` : "200 throughout"}`;
  }).join("; ");
}

export default async function loadBench(): Promise<void> {
  const wanted = (
    process.env.LOAD_SCENARIOS ?? (SMOKE ? "steady,redis-cut" : ["steady", ...FAULTS.map((f) => f.name)].join(","))
  )
    .split(",")
    .map((s) => s.trim());
  const unknown = wanted.filter((w) => w !== "steady" && !FAULTS.some((f) => f.name === w));
  if (unknown.length) throw new Error(`unknown LOAD_SCENARIOS: ${unknown.join(", ")}`);
  const stack = await startStack({
    distDir: process.env.LOAD_DIST_DIR ?? ".next-bench-load",
    // Each virtual user makes about one request a second: 300 a minute lets every one through.
    rateLimitPerMinute: 300,
  });
  const mailbox = new Mailbox(stack.resend);
  const results: ScenarioResult[] = [];
  try {
    for (const name of wanted) {
      const fault = FAULTS.find((f) => f.name === name) ?? null;
      console.log(`\n--- ${name}: ${fault?.what ?? "no fault"} ---`);
      const result = await scenario(stack, fault, mailbox);
      print(result);
      results.push(result);
    }
    // Every email owed is sent within a minute of the load, or it counts as lost.
    const owed = results.flatMap((r) => r.outcome.registered);
    const deadline = Date.now() + 60_000;
    while (owed.some((to) => mailbox.count(to) === 0) && Date.now() < deadline) await sleep(250);
    await sleep(2_000); // a second copy would come right after the first
    const emailRows = results.map((r) => emailFigures(r, mailbox));
    for (const row of emailRows) console.log(row.line);
    const report = renderReport(results, emailRows);
    if (!SMOKE && !process.env.LOAD_SCENARIOS) {
      writeFileSync(`${ROOT}docs/reliability.md`, report);
      // In the repository's format, so that `npm run lint` (prettier --check) stays clean.
      spawnSync("npx", ["prettier", "--write", "docs/reliability.md"], { cwd: ROOT, stdio: "ignore" });
    }
    const failedGoals = goalsMissed(results, emailRows);
    if (failedGoals.length) throw new Error(`goals not met:\n  ${failedGoals.join("\n  ")}`);
  } finally {
    mailbox.close();
    await stack.stop();
  }
}

type EmailFigures = { name: string; owed: number; sent: number; lost: number; doubled: number; line: string };

function emailFigures(result: ScenarioResult, mailbox: Mailbox): EmailFigures {
  const owed = result.outcome.registered;
  const counts = owed.map((to) => mailbox.count(to));
  const lost = counts.filter((n) => n === 0).length;
  const doubled = counts.filter((n) => n > 1).length;
  const sent = counts.reduce((a, b) => a + b, 0);
  return {
    name: result.name,
    owed: owed.length,
    sent,
    lost,
    doubled,
    line: `emails ${result.name.padEnd(16)} owed ${owed.length}, sent ${sent}, lost ${lost}, sent twice ${doubled} (goal: 0 lost, 0 twice: ${verdict(lost === 0 && doubled === 0)})`,
  };
}

function goalsMissed(results: ScenarioResult[], emails: EmailFigures[]): string[] {
  const missed: string[] = [];
  for (const r of results) {
    if (r.name === "steady" && r.failures > 0) missed.push(`steady: ${r.failures} requests failed (5xx or no answer)`);
    if (r.failuresAfter > 0 && r.name !== "steady")
      missed.push(`${r.name}: ${r.failuresAfter} requests failed after the stack was whole again`);
    if (r.wronglyAccepted.length > 0)
      missed.push(`${r.name}: revoked credentials accepted: ${r.wronglyAccepted.join(", ")}`);
    if (r.readinessLies > 0) missed.push(`${r.name}: /api/ready said the wrong thing ${r.readinessLies} times`);
    if (r.outcome.unexpected.size > 0)
      missed.push(
        `${r.name}: unexpected answers: ${[...r.outcome.unexpected].map(([k, n]) => `${n}× ${k}`).join(", ")}`,
      );
  }
  for (const e of emails)
    if (e.lost > 0 || e.doubled > 0) missed.push(`${e.name}: ${e.lost} emails lost, ${e.doubled} sent twice`);
  return missed;
}

function print(r: ScenarioResult): void {
  console.log(
    `${r.requests} requests in ${r.seconds.toFixed(1)} s (${(r.requests / r.seconds).toFixed(0)} req/s): ${r.statuses}`,
  );
  console.log(
    `  ${"route".padEnd(38)} ${"req/s".padStart(6)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)}  failed`,
  );
  for (const f of r.routes) {
    console.log(
      `  ${f.route.padEnd(38)} ${f.rps.toFixed(1).padStart(6)} ${f.p50.toFixed(1).padStart(8)} ${f.p95.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)}  ${f.failed}`,
    );
  }
  const goal =
    r.name === "steady"
      ? `goal 0: ${verdict(r.failures === 0)}`
      : `after: ${r.failuresAfter} (goal 0: ${verdict(r.failuresAfter === 0)})`;
  console.log(`  5xx or unanswered: ${r.failures}; during the fault ${r.failuresDuring}; ${goal}`);
  if (r.recovery !== null) console.log(`  recovered ${r.recovery.toFixed(1)} s after the stack was whole again`);
  console.log(`  sign-ups ${r.outcome.signUps}, visits completed ${r.outcome.visits}`);
  console.log(
    `  unexpected answers: ${r.outcome.unexpected.size ? [...r.outcome.unexpected].map(([k, n]) => `${n}× ${k}`).join(", ") : "none"}`,
  );
  console.log(
    `  revoked sessions or tokens accepted: ${r.wronglyAccepted.length} (goal 0: ${verdict(r.wronglyAccepted.length === 0)})`,
  );
  console.log(
    `  /api/ready: ${r.readiness}; wrong answers ${r.readinessLies} (goal 0: ${verdict(r.readinessLies === 0)})`,
  );
  console.log(`  CPU: ${r.cpu}`);
  for (const note of r.notes) console.log(`  ${note}`);
}

function renderReport(results: ScenarioResult[], emails: EmailFigures[]): string {
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    "# Reliability figures",
    "",
    `Regenerated by \`npm run bench -- load\` on ${date}, on this machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}),`,
    `${Math.round(Number(readFileSync("/proc/meminfo", "utf8").match(/MemTotal:\s+(\d+)/)?.[1] ?? 0) / 1024 / 1024)} GiB, PostgreSQL, Redis and RabbitMQ local, load generator on the same cores.`,
    "The stack: a production build on two web instances behind a round-robin balancer, one worker,",
    `bcrypt cost 10. ${USERS} virtual users (sign-ups, browser users, API clients, anonymous visitors:`,
    "bench/load/virtual-users.ts), each with its own address and about one request a second.",
    "The 400 and 401 answers are the replays of signed-out cookies and revoked tokens, refused as",
    "they must be. A failure is a 5xx or no answer; during a fault, requests sent before the stack",
    "was whole again may meet it, and those sent after it must not (goal 0).",
    "",
  ];
  for (const r of results) {
    const e = emails.find((x) => x.name === r.name)!;
    lines.push(`## ${r.name}: ${r.what}`, "");
    lines.push(
      `${r.requests} requests in ${r.seconds.toFixed(0)} s (${(r.requests / r.seconds).toFixed(0)} req/s): ${r.statuses}.`,
      "",
    );
    lines.push("| route | req/s | p50 ms | p95 ms | p99 ms | 5xx or unanswered |", "|---|---:|---:|---:|---:|---:|");
    for (const f of r.routes)
      lines.push(
        `| ${f.route} | ${f.rps.toFixed(1)} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.failed} |`,
      );
    lines.push("", "| figure | seen | goal |", "|---|---|---|");
    if (r.name === "steady") lines.push(`| 5xx or unanswered | ${r.failures} | 0 |`);
    else {
      lines.push(`| 5xx or unanswered during the fault | ${r.failuresDuring} | (reported) |`);
      lines.push(`| 5xx or unanswered after the stack was whole again | ${r.failuresAfter} | 0 |`);
      lines.push(`| time to recover | ${r.recovery?.toFixed(1)} s | (reported) |`);
    }
    lines.push(
      `| emails owed / sent / lost / sent twice | ${e.owed} / ${e.sent} / ${e.lost} / ${e.doubled} | lost 0, twice 0 |`,
    );
    lines.push(`| revoked sessions or tokens accepted | ${r.wronglyAccepted.length} | 0 |`);
    lines.push(`| /api/ready wrong answers | ${r.readinessLies} | 0 |`);
    lines.push(
      `| unexpected answers | ${r.outcome.unexpected.size ? [...r.outcome.unexpected].map(([k, n]) => `${n}× ${k}`).join(", ") : "none"} | none |`,
    );
    lines.push("", `/api/ready: ${r.readiness}.`, "", `CPU: ${r.cpu}.`, "");
    for (const note of r.notes) lines.push(`- ${note}`);
    if (r.notes.length) lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
