// The stack the load benchmark drives, as production runs it: a production build served by two
// web instances (`npm start`'s server.ts) behind a round-robin balancer, one worker (`npm run
// worker`), its own database, RabbitMQ vhost and Redis key prefix, Redis reached through a relay
// that can be cut, and the local Resend-compatible server the worker sends to.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { deriveDevJwk } from "../../lib/config/dev-keys";
import { dropDatabase, freshMigratedDatabase } from "../../lib/testing/databases";
import { startFakeResend, type FakeResend } from "../../lib/testing/fake-resend";
import { buildNext } from "../../lib/testing/next-build";
import { createVhost, deleteVhost } from "../../lib/testing/rabbitmq";
import { deleteRedisKeys, ROOT } from "../support";
import { startBalancer, startRelay, type Relay } from "./relay";

/** A process of the stack, restartable after a fault killed it. */
export type Service = {
  name: string;
  /** Starts it (again) and waits until it is ready. */
  start(): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** CPU seconds used by every process this service has run so far. */
  cpuSeconds(): number;
};

export type Stack = {
  /** The balancer's URL: what the virtual users call. */
  base: string;
  webs: Service[];
  /** Each web instance's own URL (readiness is per instance). */
  webUrls: string[];
  worker: Service;
  redisRelay: Relay;
  resend: FakeResend;
  vhost: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
};

const CLOCK_TICKS = 100;

function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not become ready`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function service(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  ready: (output: string) => Promise<boolean>,
): Service {
  let child: ChildProcess | undefined;
  let spent = 0;
  let output: string[] = [];
  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    name,
    async start() {
      output = [];
      child = spawn(process.execPath, ["--import", "tsx", entry], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const keep = (chunk: Buffer) => output.push(chunk.toString());
      child.stdout!.on("data", (chunk: Buffer) => {
        keep(chunk);
        // The app logs JSON lines to stdout: errors are shown.
        for (const line of chunk.toString().split("\n")) {
          if (/"level":"(error|fatal)"/.test(line)) process.stderr.write(`[${name}] ${line}\n`);
        }
      });
      child.stderr!.on("data", (chunk: Buffer) => {
        keep(chunk);
        process.stderr.write(`[${name}] ${chunk.toString()}`);
      });
      const started = child;
      await waitUntil(async () => {
        if (started.exitCode !== null) throw new Error(`${name} exited:\n${output.join("")}`);
        return ready(output.join(""));
      }, name);
    },
    async kill(signal) {
      if (!alive()) return;
      const running = child!;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      spent += processCpuSeconds(running.pid);
      running.kill(signal);
      await exited;
    },
    cpuSeconds: () => spent + (alive() ? processCpuSeconds(child!.pid) : 0),
  };
}

export type StackOptions = {
  distDir: string;
  /** Requests a minute one client address (anonymous) or one user may make. */
  rateLimitPerMinute: number;
};

export async function startStack(options: StackOptions): Promise<Stack> {
  const id = `bench_load_${process.pid}`;
  const secret = randomBytes(32).toString("base64url");
  const resend = await startFakeResend();
  const redisUrl = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0");
  const redisRelay = await startRelay(Number(redisUrl.port || 6379));
  const relayedRedis = new URL(redisUrl);
  relayedRedis.hostname = "127.0.0.1";
  relayedRedis.port = String(redisRelay.port);
  const webPorts = [3931, 3932];
  const balancer = await startBalancer(webPorts);
  const base = `http://localhost:${balancer.port}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    // Two instances of one process each (the faults kill one of them).
    WEB_CONCURRENCY: "1",
    APP_URL: base,
    AUTH_URL: base,
    AUTH_TRUST_HOST: "true",
    DATABASE_URL: await freshMigratedDatabase(id),
    RABBITMQ_URL: await createVhost(id),
    REDIS_URL: relayedRedis.toString(),
    REDIS_KEY_PREFIX: `${id}:`,
    AUTH_SECRET: secret,
    PASSWORD_PEPPER: `${secret}-pepper`,
    JWE_PRIVATE_JWKS: JSON.stringify([deriveDevJwk(secret)]),
    RESEND_API_KEY: "re_bench_key",
    RESEND_BASE_URL: resend.url,
    // The lowest cost production accepts.
    BCRYPT_COST: "10",
    RATE_LIMIT_ANON_PER_MIN: String(options.rateLimitPerMinute),
    RATE_LIMIT_USER_PER_MIN: String(options.rateLimitPerMinute),
    // The balancer is the proxy in front: each virtual user's own address is the one it names.
    TRUSTED_PROXY_COUNT: "1",
    LOG_LEVEL: "warn",
    NEXT_DIST_DIR: options.distDir,
    PHOTO_STORAGE_DIR: `.data/${id}/photos`,
  };

  if (process.env.BENCH_SKIP_BUILD !== "1" || !existsSync(`${ROOT}${options.distDir}/BUILD_ID`)) buildNext(env);
  const seeded = spawnSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  });
  if (seeded.status !== 0) throw new Error("seeding the load database failed");

  const webUrls = webPorts.map((port) => `http://127.0.0.1:${port}`);
  const webs = webPorts.map((port, i) =>
    service(`web${i + 1}`, "server.ts", { ...env, PORT: String(port) }, async () => {
      const response = await fetch(`${webUrls[i]}/api/health`);
      return response.ok;
    }),
  );
  // The worker says it is ready in its log (JSON lines).
  const worker = service("worker", "worker/main.ts", { ...env, LOG_LEVEL: "info" }, async (output) =>
    output.includes('"msg":"worker ready"'),
  );
  await Promise.all([...webs.map((web) => web.start()), worker.start()]);

  return {
    base,
    webs,
    webUrls,
    worker,
    redisRelay,
    resend,
    vhost: id,
    env,
    async stop() {
      await Promise.all([...webs, worker].map((s) => s.kill("SIGTERM")));
      await balancer.close();
      await redisRelay.close();
      await resend.close();
      await dropDatabase(id).catch(() => undefined);
      await deleteVhost(id);
      await deleteRedisKeys(`${id}:*`);
    },
  };
}
