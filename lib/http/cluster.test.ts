import { get } from "node:http";
import { describe, expect, it } from "vitest";
import { spawnTsx } from "../testing/processes";

const PORT = 20_000 + (process.pid % 10_000);
// Three processes start through tsx: seconds on a machine busy with the rest of the suite.
const STARTUP = { timeout: 30_000 };

const pidAnswering = () =>
  new Promise<number>((resolve, reject) => {
    // A new connection each time, so that the cluster may hand it to either copy.
    get({ host: "127.0.0.1", port: PORT, path: "/", agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve(Number(body)));
    }).on("error", reject);
  });

async function pidsAnswering(requests: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < requests; i++) pids.add(await pidAnswering());
  return pids;
}

describe("npm start's web processes (WEB_CONCURRENCY)", () => {
  it("share the port, a killed one is replaced, and SIGTERM stops them all", { timeout: 90_000 }, async () => {
    const primary = spawnTsx("lib/testing/cluster-fixture.ts", { WEB_CONCURRENCY: "2", PORT: String(PORT) });
    await expect.poll(() => primary.lines.filter((line) => line.includes("copy listening")).length, STARTUP).toBe(2);
    const first = await pidsAnswering(20);
    expect(first.size).toBe(2);

    const [victim] = [...first];
    process.kill(victim!, "SIGKILL");
    await primary.waitForLog("web process exited; restarting it", 30_000);
    await expect.poll(() => primary.lines.filter((line) => line.includes("copy listening")).length, STARTUP).toBe(3);
    const after = await pidsAnswering(20);
    expect(after.size).toBe(2);
    expect(after.has(victim!)).toBe(false);

    primary.child.kill("SIGTERM");
    expect(await primary.exited).toEqual({ code: 0, signal: null });
    for (const pid of after) expect(() => process.kill(pid, 0)).toThrow();
  });

  it("does not replace a process that died once the others are stopping", { timeout: 90_000 }, async () => {
    const primary = spawnTsx("lib/testing/cluster-fixture.ts", {
      WEB_CONCURRENCY: "2",
      PORT: String(PORT + 1),
      CLOSE_DELAY_MS: "1500",
    });
    const listening = () => primary.lines.filter((line) => line.includes("copy listening")).length;
    await expect.poll(listening, STARTUP).toBe(2);
    const pids = primary.lines.filter((line) => line.includes("copy listening")).map((line) => JSON.parse(line).pid);

    // It died young, so its restart waits a moment; the stop comes within that moment.
    process.kill(pids[0], "SIGKILL");
    await primary.waitForLog("web process exited; restarting it", 30_000);
    primary.child.kill("SIGTERM");

    expect(await primary.exited).toEqual({ code: 0, signal: null });
    expect(listening()).toBe(2);
    expect(() => process.kill(pids[1], 0)).toThrow();
  });
});
