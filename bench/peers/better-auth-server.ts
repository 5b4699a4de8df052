// The Better Auth peer (./better-auth/) as the peers benchmark runs it: its own package (installed
// from its lockfile on first use, kept out of the product's dependencies), its own `next build`, its
// own database with Better Auth's tables, and plain `next start` (Next's own server, no edge of
// ours), with the session cookie cache on or off.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { Agent } from "node:http";
import { createRequire } from "node:module";
import { createDatabase, databaseUrl, dropDatabase } from "../../lib/testing/databases";
import { httpSender, ROOT, runLoad, waitForHealth, type HttpResult, type Step } from "../support";

const DIR = `${ROOT}bench/peers/better-auth/`;
const NEXT = `${DIR}node_modules/.bin/next`;

/** Installs the peer's packages (once) and fails unless its Next.js is the very version ours runs. */
function installBetterAuth(): void {
  if (!existsSync(NEXT)) {
    const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: DIR, stdio: "inherit" });
    if (result.status !== 0) throw new Error(`npm ci for the Better Auth peer failed with ${result.status}`);
  }
  const version = (dir: string) =>
    (JSON.parse(readFileSync(`${dir}node_modules/next/package.json`, "utf8")) as { version: string }).version;
  if (version(DIR) !== version(ROOT)) {
    throw new Error(`the peer runs Next.js ${version(DIR)}, ours ${version(ROOT)}: pin the same in its package.json`);
  }
}

/** Where Better Auth's own password functions live, for a worker thread to import. */
export const betterAuthCrypto = () => createRequire(`${DIR}package.json`).resolve("better-auth/crypto");

export type PeerUser = { email: string; password: string };
export type PeerServer = ReturnType<typeof betterAuthServer>;

/** Set-Cookie headers as one Cookie header (`a=1; b=2`); null when none was set. */
function cookiesOf(response: HttpResult): string | null {
  const set = ([] as string[]).concat(response.headers["set-cookie"] ?? []);
  const pairs = set.map((line) => line.split(";")[0]!).filter((pair) => !pair.endsWith("="));
  return pairs.length > 0 ? pairs.join("; ") : null;
}

export function betterAuthServer(options: { port: number; cookieCache: boolean }) {
  const base = `http://localhost:${options.port}`;
  const databaseName = `authcore_bench_peer_${options.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl(databaseName),
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    BETTER_AUTH_URL: base,
    PEER_COOKIE_CACHE: options.cookieCache ? "1" : "0",
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const send = httpSender(base, agent);
  let server: ChildProcess | undefined;
  const json = (body: unknown) => ({
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(body),
  });

  async function post(path: string, body: unknown, cookie?: string): Promise<HttpResult> {
    const request = json(body);
    return send("POST", path, { ...request.headers, ...(cookie ? { cookie } : {}) }, request.body);
  }

  return {
    base,
    label: `Better Auth, cookie cache ${options.cookieCache ? "on" : "off"}`,
    send,
    /** Builds unless BENCH_SKIP_BUILD=1 finds a build (one build serves both cookie cache modes). */
    build() {
      installBetterAuth();
      if (process.env.BENCH_SKIP_BUILD === "1" && existsSync(`${DIR}.next/BUILD_ID`)) return;
      const result = spawnSync(NEXT, ["build"], { cwd: DIR, env, stdio: "inherit" });
      if (result.status !== 0) throw new Error(`the Better Auth peer's build failed with ${result.status}`);
    },
    async start() {
      await dropDatabase(databaseName);
      await createDatabase(databaseName);
      const migrate = spawnSync(process.execPath, ["--import", "tsx", `${DIR}migrate.ts`], { env, stdio: "inherit" });
      if (migrate.status !== 0) throw new Error(`Better Auth's migration failed with ${migrate.status}`);
      server = spawn(NEXT, ["start", "--port", String(options.port)], {
        cwd: DIR,
        env,
        stdio: ["ignore", "ignore", "inherit"],
      });
      await waitForHealth(send, server, "Better Auth");
    },
    async stop() {
      if (server && server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server!.once("exit", resolve));
        server.kill("SIGTERM");
        await exited;
      }
      agent.destroy();
      await dropDatabase(databaseName).catch(() => undefined);
    },
    /** `count` users signed up through Better Auth's own endpoint (its hash, its tables). */
    async createUsers(count: number): Promise<PeerUser[]> {
      const password = `bench-Password-${randomBytes(6).toString("hex")}`;
      const users: PeerUser[] = [];
      for (let i = 0; i < count; i++) {
        const email = `bench${randomBytes(4).toString("hex")}@example.test`;
        const response = await post("/api/auth/sign-up/email", { email, password, name: "Bench" });
        if (response.status !== 200)
          throw new Error(`Better Auth sign-up answered ${response.status}: ${response.body}`);
        users.push({ email, password });
      }
      return users;
    },
    /** Signs in; the answer's status and its cookies as one Cookie header. */
    async signIn(user: PeerUser): Promise<{ status: number; cookie: string }> {
      const response = await post("/api/auth/sign-in/email", user);
      return { status: response.status, cookie: cookiesOf(response) ?? "" };
    },
    signOut: (cookie: string) => post("/api/auth/sign-out", {}, cookie),
    /** getSession over HTTP; `session` says whether it answered with one (it answers 200 `null` without). */
    async getSession(cookie: string): Promise<{ status: number; session: boolean }> {
      const response = await send("GET", "/api/auth/get-session", { cookie });
      return { status: response.status, session: response.status === 200 && response.body !== "null" };
    },
    load: (concurrency: number, durationMs: number, step: Step) =>
      runLoad({ concurrency, durationMs, step, serverPid: server?.pid }),
    /** A step that GETs `path` with `headers`, as BenchServer.get. */
    get:
      (path: string, headers: Record<string, string> = {}): Step =>
      async () =>
        (await send("GET", path, headers)).status,
  };
}
