import cluster, { type Worker } from "node:cluster";
import type { Logger } from "../log";

/** A process that dies sooner than this after its start counts as a crash loop: restarts slow down. */
const HEALTHY_AFTER_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;
const SHUTDOWN_GRACE_MS = 15_000;

/**
 * `npm start` with WEB_CONCURRENCY > 1: this (primary) process serves nothing itself; it forks
 * `count` copies of server.ts that share the port (Node's cluster hands out connections), restarts
 * one that dies (at once, then slower while it keeps dying right after starting), and on SIGTERM or
 * SIGINT passes the signal on and exits once every copy has closed. Sessions, rate limits and caches
 * live in Redis and PostgreSQL, so any process can answer any request.
 */
export function superviseWebProcesses(count: number, logger: Logger): void {
  let stopping = false;
  let restartDelay = 0;
  const startedAt = new Map<number, number>();

  const fork = () => {
    // A restart still waiting when the stop came: the new process would never hear the signal.
    if (stopping) return;
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };

  cluster.on("exit", (worker: Worker, code: number | null, signal: string | null) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    restartDelay = lived < HEALTHY_AFTER_MS ? Math.min(Math.max(restartDelay * 2, 500), MAX_RESTART_DELAY_MS) : 0;
    logger.error(
      { pid: worker.process.pid, code, signal, restartInMs: restartDelay },
      "web process exited; restarting it",
    );
    setTimeout(fork, restartDelay).unref();
  });

  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping the web processes");
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  logger.info({ processes: count }, "starting the web processes");
  for (let i = 0; i < count; i++) fork();
}
