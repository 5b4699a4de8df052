// What the load benchmark saw: every request with its route, answer and time, and the figures
// made from them (per-route percentiles, failures per second, recovery after a fault).
import { Agent, request } from "node:http";
import { percentile } from "../support";

export type Answer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Why there was no answer (status 0). */
  error?: string;
};
/** status 0: no answer (connection refused or reset, or the time limit passed). */
type Sample = { route: string; status: number; ms: number; at: number; error?: string };

export const REQUEST_TIMEOUT_MS = 30_000;

export class Recorder {
  readonly samples: Sample[] = [];
  readonly started = performance.now();
  /** Replays of a signed-out cookie or a revoked token that were let in (goal 0). */
  wronglyAccepted: string[] = [];
  /** What a fault reported (e.g. how many connections it ended). */
  notes: string[] = [];
  /** The Origin a browser on the app's own pages sends. */
  readonly origin: string;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512 });

  constructor(private readonly base: string) {
    this.origin = new URL(base).origin;
  }

  /** Seconds since the run began. */
  now(): number {
    return (performance.now() - this.started) / 1000;
  }

  send(route: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    const t = performance.now();
    return new Promise<Answer>((resolve) => {
      const done = (answer: Answer) => {
        const ms = performance.now() - t;
        this.samples.push({ route, status: answer.status, ms, at: (t - this.started) / 1000, error: answer.error });
        resolve(answer);
      };
      const req = request(
        `${this.base}${path}`,
        {
          method,
          agent: this.agent,
          timeout: REQUEST_TIMEOUT_MS,
          headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
          );
          res.on("error", () => done({ status: 0, headers: {}, body: "" }));
        },
      );
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", (error: NodeJS.ErrnoException) =>
        done({ status: 0, headers: {}, body: "", error: error.code ?? error.message }),
      );
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export type RouteFigures = {
  route: string;
  count: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
};

/** A failure the stack is to blame for: a 5xx or no answer at all. */
export const isFailure = (status: number) => status === 0 || status >= 500;

export function routeFigures(samples: Sample[], seconds: number): RouteFigures[] {
  const byRoute = new Map<string, Sample[]>();
  for (const sample of samples) {
    const list = byRoute.get(sample.route) ?? [];
    list.push(sample);
    byRoute.set(sample.route, list);
  }
  return [...byRoute]
    .map(([route, list]) => {
      const ms = list.map((s) => s.ms).sort((a, b) => a - b);
      return {
        route,
        count: list.length,
        rps: list.length / seconds,
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        p99: percentile(ms, 99),
        failed: list.filter((s) => isFailure(s.status)).length,
      };
    })
    .sort((a, b) => b.count - a.count);
}

/** Answers counted by status, e.g. `1203×200, 4×503`. */
export function statusCounts(samples: Sample[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const { status } of samples) counts.set(status, (counts.get(status) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => a - b));
}

/**
 * Seconds from `from` (the stack whole again) until the last failure ended, or 0 if none ended
 * after it: from then on every request was answered without a 5xx. Requests in flight when the
 * fault struck fail as it strikes, so they count here only if they failed after `from`.
 */
export function recoverySeconds(samples: Sample[], from: number): number {
  const lastFailure = samples.reduce(
    (last, s) => (isFailure(s.status) ? Math.max(last, s.at + s.ms / 1000) : last),
    -1,
  );
  return Math.max(0, lastFailure - from);
}
