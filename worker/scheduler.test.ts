import { describe, expect, it } from "vitest";
import { spawnTsx, type Spawned } from "../lib/testing/processes";
import { useVhost } from "../lib/testing/rabbitmq";

type JobLog = { job: string; jobId: string; counts: Record<string, number> };

function jobRuns(worker: Spawned, job: string): JobLog[] {
  return worker.lines
    .map((line) => {
      try {
        return JSON.parse(line) as JobLog & { msg?: string };
      } catch {
        return undefined;
      }
    })
    .filter((entry): entry is JobLog & { msg: string } => entry?.msg === "job done" && entry.job === job);
}

describe("scheduled jobs", () => {
  it("two worker processes run each scheduled tick exactly once", async () => {
    await useVhost();
    const env = { JOB_SCHEDULES: "refresh-role-cache=* * * * * *" };
    const workers = [spawnTsx("worker/main.ts", env), spawnTsx("worker/main.ts", env)];
    await Promise.all(workers.map((w) => w.waitForLog("worker ready", 60_000)));

    const all = () => workers.flatMap((w) => jobRuns(w, "refresh-role-cache"));
    const deadline = Date.now() + 20_000;
    while (all().length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const worker of workers) worker.child.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));

    const runs = all();
    expect(runs.length).toBeGreaterThanOrEqual(5);
    const ids = runs.map((r) => r.jobId);
    expect(new Set(ids).size).toBe(ids.length);
    // Ticks are one second apart: each job id names its own tick.
    expect(runs.every((r) => typeof r.counts.rolesCached === "number")).toBe(true);
  }, 120_000);

  it("jobs:run runs a job now and prints what it did", async () => {
    const cli = spawnTsx("worker/jobs-run.ts", {}, ["purge-expired-sessions"]);
    expect((await cli.exited).code).toBe(0);
    expect(cli.lines).toContain(JSON.stringify({ job: "purge-expired-sessions", counts: { sessionsDeleted: 0 } }));

    const unknown = spawnTsx("worker/jobs-run.ts", {}, ["no-such-job"]);
    expect((await unknown.exited).code).toBe(1);
    expect(unknown.lines.join("\n")).toMatch(/unknown job "no-such-job"/);
  });
});
