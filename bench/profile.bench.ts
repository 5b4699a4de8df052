// Where a request's CPU time goes (`npm run bench -- profile`): our production server (server.ts,
// as `npm start`) under V8's sampling profiler (--cpu-prof) while 16 clients call one route for
// BENCH_DURATION_MS; only the samples taken during that load count. Printed for each route: the
// CPU time by area (Next.js, our edge, our handlers and lib/, Node's HTTP, GC), the functions
// with the most time of their own, and the inclusive time of the steps of our own code.
// PROFILE_ROUTES picks routes by name (health, me-cookie, me-bearer); the .cpuprofile files stay
// in reports/profile/ for Chrome DevTools or speedscope. BENCH_SKIP_BUILD=1 reuses the build.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { benchServer, DURATION_MS, fmt, requireSuccess, ROOT, type BenchServer, type Step } from "./support";

const CONCURRENCY = 16;
const OUT = `${ROOT}reports/profile/`;

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };

type Route = { name: string; step: (app: BenchServer) => Promise<Step> };
const ROUTES: Route[] = [
  { name: "health", step: async (app) => app.get("/api/health") },
  { name: "me-cookie", step: async (app) => app.get("/api/v1/me", { cookie: await signedIn(app) }) },
  {
    name: "me-bearer",
    step: async (app) => {
      const [user] = await app.createUsers(1);
      return app.get("/api/v1/me", { authorization: `Bearer ${(await app.passwordGrant(user!)).access_token}` });
    },
  },
];

export default async function bench(): Promise<void> {
  const only = (process.env.PROFILE_ROUTES ?? "health,me-cookie").split(",");
  for (const route of ROUTES.filter((r) => only.includes(r.name))) {
    const dir = `${OUT}${route.name}/`;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const app = benchServer({ port: 3945, distDir: ".next-bench-peers", cpuProfileDir: dir });
    let window: [number, number];
    try {
      await app.start();
      const step = await route.step(app);
      requireSuccess("warm-up", await app.load(CONCURRENCY, 3_000, step));
      const started = monotonicMicros();
      const stats = requireSuccess(route.name, await app.load(CONCURRENCY, DURATION_MS, step));
      window = [started, monotonicMicros()];
      console.log(`\n=== ${route.name}: ${fmt(stats)}`);
    } finally {
      await app.stop();
    }
    const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
    if (!file) throw new Error(`no CPU profile in ${dir}`);
    summarize(JSON.parse(readFileSync(`${dir}${file}`, "utf8")) as Profile, window);
    console.log(`   profile: ${dir}${file}`);
  }
}

async function signedIn(app: BenchServer): Promise<string> {
  const [user] = await app.createUsers(1);
  return (await app.login(user!)).cookie;
}

/** CLOCK_MONOTONIC in microseconds: the clock V8's profile timestamps use. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

function area(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  if (url.includes("/node_modules/next/")) return "Next.js";
  if (url.includes("/node_modules/"))
    return `package ${url
      .split("/node_modules/")
      .pop()!
      .split("/")
      .slice(0, url.includes("/@") ? 2 : 1)
      .join("/")}`;
  if (url.startsWith("node:")) return `Node ${url.slice(5).split("/")[1] ?? url.slice(5)}`;
  if (url.includes("/server/chunks/") || url.includes("/server/edge/")) return "our code (bundled)";
  return `our ${url.replace(`file://${ROOT}`, "").replace(ROOT, "")}`;
}

function summarize(profile: Profile, [from, to]: [number, number]): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  let time = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i]!;
    if (time < from || time > to) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + delta);
    total += delta;
  }
  const idle = [...self]
    .filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)")
    .reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
  console.log(`   ${(busy / 1e6).toFixed(2)} s busy of ${(total / 1e6).toFixed(2)} s sampled (idle excluded below)`);

  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === "(idle)") continue;
    const key = area(frame.url, frame.functionName);
    areas.set(key, (areas.get(key) ?? 0) + t);
    const fn = `${frame.functionName || "(anonymous)"} ${key}:${frame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + t);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      const a = area(f.url, f.functionName);
      if (a.startsWith("Next") || a.startsWith("Node") || a.startsWith("(") || a.startsWith("package")) continue;
      const label = `${f.functionName || "(anonymous)"} ${a}:${f.lineNumber + 1}`;
      if (seen.has(label)) continue;
      seen.add(label);
      inclusive.set(label, (inclusive.get(label) ?? 0) + t);
    }
  }
  const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log("   by area:");
  for (const [name, t] of top(areas, 14)) console.log(`     ${pct(t)}  ${name}`);
  console.log("   functions with the most time of their own:");
  for (const [name, t] of top(functions, 20)) console.log(`     ${pct(t)}  ${name}`);
  console.log("   our code, inclusive (what it calls counted in):");
  for (const [name, t] of top(inclusive, 20)) console.log(`     ${pct(t)}  ${name}`);
}
