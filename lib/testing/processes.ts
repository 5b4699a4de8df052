import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { onCleanup } from "./cleanup";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export type Spawned = {
  child: ChildProcess;
  /** Every line the process printed so far (stdout and stderr). */
  lines: string[];
  /** Resolves with the first JSON log line whose `msg` matches. */
  waitForLog(msg: string | RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** Starts `npx tsx <entry>` with the test file's environment; killed after the file if still running. */
export function spawnTsx(entry: string, env: Record<string, string> = {}, args: string[] = []): Spawned {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter(Boolean));
    for (const wake of waiters) wake();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      for (const wake of waiters) wake();
      resolve({ code, signal });
    }),
  );
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });

  const findLog = (msg: string | RegExp) => {
    for (const line of lines) {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        const text = String(parsed.msg ?? "");
        if (typeof msg === "string" ? text === msg : msg.test(text)) return parsed;
      } catch {
        // not a JSON log line
      }
    }
    return undefined;
  };

  const waitForLog = (msg: string | RegExp, timeoutMs = 20_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for log ${String(msg)}; output:\n${lines.join("\n")}`));
      }, timeoutMs);
      const check = () => {
        const found = findLog(msg);
        if (found) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`process exited before log ${String(msg)}; output:\n${lines.join("\n")}`));
        }
      };
      waiters.add(check);
      check();
    });

  return { child, lines, waitForLog, exited };
}
