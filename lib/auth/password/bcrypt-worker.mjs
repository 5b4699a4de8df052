// The bcrypt work of the password pool (pool.ts), loaded by piscina in each of its worker threads.
// Plain JavaScript on purpose: the threads load this file with Node's own loader, which cannot
// read TypeScript under Vitest or the production server. It only ever sees the peppered pre-hash,
// never the pepper or the password.
import bcrypt from "bcryptjs";
import { getPriority, setPriority } from "node:os";
import { isMainThread } from "node:worker_threads";

/** Niceness of the hashing threads (Linux only; 0 = same as the event loop, 19 = lowest). */
const HASH_THREAD_NICE = 10;

// On Linux the nice value is per thread, and setPriority() without a pid applies to the calling
// thread only: hashing yields the CPU to the event loop (and to PostgreSQL/Redis on the same host)
// whenever they have work, so a burst of logins barely moves other requests' latency. Never raise
// the priority of a process that was started nicer still (that would also need privileges).
if (!isMainThread && process.platform === "linux") {
  try {
    setPriority(Math.max(getPriority(), HASH_THREAD_NICE));
  } catch {
    // Not permitted here: hash at the normal priority.
  }
}

/** What bcryptjs can parse: version 2a/2b/2y, cost 04–31, 22 characters of salt, 31 of digest. */
const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

/** @param {{ input: string, cost: number }} task */
export function hash({ input, cost }) {
  return bcrypt.hashSync(input, cost);
}

/**
 * A malformed hash never matches: bcryptjs throws on some (a bad version or salt), which would
 * turn a corrupt stored hash into a server error instead of a failed login.
 * @param {{ input: string, hash: string }} task
 */
export function compare({ input, hash }) {
  return typeof hash === "string" && BCRYPT_HASH.test(hash) && bcrypt.compareSync(input, hash);
}
