import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { config } from "../../config";
import { prehash } from "./hash";

/** Niceness of the hashing threads (Linux only; 0 = same as the event loop, 19 = lowest). */
const HASH_THREAD_NICE = 10;

/*
 * bcrypt at cost 12 is ~270 ms of CPU per call; on the request thread it stalls every other
 * request for that long. Hashes and comparisons run on a small pool of worker threads sized to
 * the cores instead.
 *
 * The worker's code is evaluated from a string (no worker file to locate): bundlers rewrite or
 * drop `new Worker(path)` targets, whereas a string survives `next build` untouched. `require`
 * inside an eval'd worker resolves from process.cwd(), where `npm start`, the worker process and
 * the tests all run, and bcryptjs is kept out of Next's bundle (serverExternalPackages).
 * The pre-hash (HMAC with the pepper) runs on the calling thread: it is microseconds, and the
 * pepper never has to be copied into the workers.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const bcrypt = require("bcryptjs");
// On Linux the nice value is per thread and setPriority() without a pid applies to the calling
// thread only: hashing yields the CPU to the event loop (and to PostgreSQL/Redis on the same
// host) whenever they have work, so a burst of logins barely moves other requests' latency.
if (process.platform === "linux") {
  try { require("node:os").setPriority(${HASH_THREAD_NICE}); } catch {}
}
parentPort.on("message", (task) => {
  try {
    const result = task.op === "hash" ? bcrypt.hashSync(task.input, task.cost) : bcrypt.compareSync(task.input, task.hash);
    parentPort.postMessage({ id: task.id, result });
  } catch (error) {
    parentPort.postMessage({ id: task.id, error: String(error && error.message || error) });
  }
});
`;

type Task =
  { id: number; op: "hash"; input: string; cost: number } | { id: number; op: "compare"; input: string; hash: string };
type NewTask = { op: "hash"; input: string; cost: number } | { op: "compare"; input: string; hash: string };
type Pending = { task: Task; resolve: (value: string | boolean) => void; reject: (error: Error) => void };
type Slot = { worker: Worker; busy: Pending | null };

export const POOL_SIZE = Math.max(1, Math.min(availableParallelism(), 8));

class PasswordPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  /** bcrypt comparisons started since the process began (the no-enumeration test counts them). */
  comparisons = 0;

  constructor(private readonly size: number) {}

  run(task: NewTask): Promise<string | boolean> {
    if (task.op === "compare") this.comparisons++;
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ } as Task, resolve, reject });
      this.dispatch();
    });
  }

  /** Tasks waiting for a free thread (for metrics and tests). */
  get queued(): number {
    return this.queue.length;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.busy === null) ?? (this.slots.length < this.size ? this.spawn() : null);
      if (!slot) return;
      const pending = this.queue.shift() as Pending;
      slot.busy = pending;
      slot.worker.ref();
      slot.worker.postMessage(pending.task);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true, name: "bcrypt" });
    const slot: Slot = { worker, busy: null };
    worker.unref();
    worker.on("message", (message: { id: number; result?: string | boolean; error?: string }) => {
      const pending = slot.busy;
      slot.busy = null;
      worker.unref();
      if (pending && pending.task.id === message.id) {
        if (message.error !== undefined) pending.reject(new Error(`bcrypt failed: ${message.error}`));
        else pending.resolve(message.result as string | boolean);
      }
      this.dispatch();
    });
    const fail = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      slot.busy?.reject(error);
      slot.busy = null;
      this.dispatch();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`bcrypt worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }
}

const globalForPool = globalThis as unknown as { authcorePasswordPool?: PasswordPool };
const pool = (globalForPool.authcorePasswordPool ??= new PasswordPool(POOL_SIZE));

/** bcrypt hash (at BCRYPT_COST) of the peppered pre-hash of `password`, computed off the request thread. */
export async function hashPassword(password: string, cost = config.auth.bcryptCost): Promise<string> {
  return (await pool.run({ op: "hash", input: prehash(password, config.auth.passwordPepper), cost })) as string;
}

/** Constant-time bcrypt comparison, off the request thread. A malformed hash never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return (await pool.run({ op: "compare", input: prehash(password, config.auth.passwordPepper), hash })) as boolean;
}

/** How many bcrypt comparisons this process has run. */
export function passwordComparisons(): number {
  return pool.comparisons;
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
