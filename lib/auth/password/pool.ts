import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { config } from "../../config";
import { usableCores } from "../../config/cores";
import { AppError } from "../../errors";
import { logger } from "../../log";
import { prehash } from "./hash";

/*
 * bcrypt at cost 12 is ~270 ms of CPU per call; on the request thread it stalls every other
 * request for that long. Hashes and comparisons run on a small pool of worker threads (piscina)
 * sized to this process's share of the cores instead (`npm start` may run one web process per core:
 * their threads together match the cores); the threads run bcrypt-worker.mjs, which also lowers
 * their priority.
 * The pre-hash (HMAC with the pepper) runs on the calling thread: it is microseconds, and the
 * pepper never has to be copied into the workers.
 */

const processesSharingTheCores = cluster.isWorker ? config.webConcurrency : 1;
export const POOL_SIZE = Math.max(1, Math.min(Math.ceil(usableCores() / processesSharingTheCores), 8));

/**
 * Calls that may wait for a thread (BCRYPT_MAX_QUEUE, default 16 per thread: about 4 s of waiting
 * at cost 12). Beyond that a burst would only grow the wait of every sign-in until clients time
 * out while the threads still do the abandoned work, so new calls are refused at once (503).
 */
export const MAX_QUEUED = config.auth.bcryptMaxQueue ?? POOL_SIZE * 16;

/**
 * The pool is full: nothing was hashed or compared. 503 with a Retry-After of about the time the
 * calls already waiting take. Callers that count password guesses give the attempt back
 * (lib/auth/brute-force.ts): no guess was checked.
 */
export class PasswordPoolFullError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(
      "service_unavailable",
      `Too many passwords are being checked right now. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`,
      undefined,
      { "Retry-After": String(retryAfterSeconds) },
    );
  }
}

const WORKER_MODULE = "bcrypt-worker.mjs";

/**
 * The worker module's path, beside this file. Vitest and tsx (the worker process, scripts) run this
 * file from source, so import.meta.url names it. In Next's server bundle Turbopack computes
 * import.meta.url at run time as <project root>/lib/auth/password/pool.ts, the root being where the
 * build output lies, so the same path holds (piscina itself stays out of the bundle, in
 * serverExternalPackages, so that it finds its own thread script). Bundlers rewrite or drop
 * `new Worker(path)` and `new URL(..., import.meta.url)` targets, hence the plain path and no asset
 * reference. Should a bundler name its output instead, the source tree under the working directory
 * is the fallback: `npm start`, the worker and the tests all run from the project root, and the
 * Docker image keeps the sources beside the build.
 */
function workerModulePath(): string {
  const candidates = [join(process.cwd(), "lib", "auth", "password", WORKER_MODULE)];
  try {
    candidates.unshift(join(dirname(fileURLToPath(import.meta.url)), WORKER_MODULE));
  } catch {
    // import.meta.url is not a file: URL (a bundle): only the working directory is left.
  }
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`bcrypt worker module not found at ${candidates.join(" or ")}`);
  return found;
}

type HashTask = { input: string; cost: number };
type CompareTask = { input: string; hash: string };
type BcryptPool = Piscina<HashTask | CompareTask, string | boolean>;

type PasswordPool = {
  /** Created on first use (see createPool). */
  piscina: BcryptPool | null;
  /** bcrypt comparisons started since the process began (the no-enumeration test counts them). */
  comparisons: number;
  /** Calls accepted and not yet settled (running or waiting for a thread). */
  inFlight?: number;
  /** Moving average of how long a call took from acceptance to result, in ms (the Retry-After estimate). */
  latencyMs?: number;
};

// One pool per process: Next's dev server (HMR) can evaluate this module more than once.
const globalForPool = globalThis as unknown as { authcoreBcryptPool?: PasswordPool };
const shared = (globalForPool.authcoreBcryptPool ??= { piscina: null, comparisons: 0 });

function createPool(): BcryptPool {
  const pool: BcryptPool = new Piscina({
    filename: workerModulePath(),
    // Threads start on the first hash, not when this module is imported (builds, CLI scripts), and
    // then stay: starting one and loading bcryptjs costs more than a hash. Piscina unrefs idle
    // threads, so they never keep a finished script or test process alive.
    minThreads: 0,
    maxThreads: POOL_SIZE,
    idleTimeout: Infinity,
    // Calls beyond the threads wait in piscina's FIFO queue, which run() keeps to MAX_QUEUED.
  });
  // Piscina emits "error" when a thread fails with no task on it, above all one that could not load
  // the worker module: the calls queued for it would then wait forever (and with no listener the
  // process would crash). Drop the pool instead: its calls reject, and the next call starts anew.
  pool.on("error", (error: unknown) => {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, "bcrypt pool failed; restarting it");
    if (shared.piscina === pool) shared.piscina = null;
    void pool.destroy();
  });
  return pool;
}

function run(name: "hash", task: HashTask): Promise<string>;
function run(name: "compare", task: CompareTask): Promise<boolean>;
async function run(name: "hash" | "compare", task: HashTask | CompareTask): Promise<string | boolean> {
  const inFlight = shared.inFlight ?? 0;
  if (inFlight >= POOL_SIZE + MAX_QUEUED) {
    // A call accepted now would wait about as long as the recent ones took: ask for that long.
    throw new PasswordPoolFullError(Math.min(60, Math.max(1, Math.ceil((shared.latencyMs ?? 1_000) / 1_000))));
  }
  shared.inFlight = inFlight + 1;
  const started = performance.now();
  try {
    shared.piscina ??= createPool();
    return await shared.piscina.run(task, { name });
  } finally {
    shared.inFlight = (shared.inFlight ?? 1) - 1;
    const took = performance.now() - started;
    shared.latencyMs = shared.latencyMs === undefined ? took : shared.latencyMs * 0.8 + took * 0.2;
  }
}

/** bcrypt hash (at BCRYPT_COST) of the peppered pre-hash of `password`, computed off the request thread. */
export async function hashPassword(password: string, cost = config.auth.bcryptCost): Promise<string> {
  return run("hash", { input: prehash(password, config.auth.passwordPepper), cost });
}

/** Constant-time bcrypt comparison, off the request thread. A malformed hash never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const input = prehash(password, config.auth.passwordPepper);
  shared.comparisons++;
  return run("compare", { input, hash });
}

/** How many bcrypt comparisons this process has run. */
export function passwordComparisons(): number {
  return shared.comparisons;
}

let dummyHash: Promise<string> | undefined;
/**
 * A valid bcrypt hash at the configured cost for a random secret: the unknown-user path compares
 * against it so that an unknown identifier costs the same time as a wrong password.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID()).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}
