// The README's "Getting started for API clients" is a script: this test runs the sh block between
// its api-guide markers with bash, as a reader would, against the e2e server and a fresh account.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "./support/env";
import { activationLink, uniqueUser, type TestUser } from "./support/users";

const README = fileURLToPath(new URL("../README.md", import.meta.url));

/** The sh block between `<!-- api-guide:start -->` and `<!-- api-guide:end -->` in README.md. */
function guideScript(): string {
  const readme = readFileSync(README, "utf8");
  const section = /<!-- api-guide:start -->\s*```sh\n([\s\S]*?)\n```\s*<!-- api-guide:end -->/.exec(readme);
  if (!section?.[1]) throw new Error("README.md has no ```sh block between the api-guide markers");
  return section[1];
}

/** Registers through the API and activates with the emailed token and the password, as a client would. */
async function activeUser(request: APIRequestContext): Promise<TestUser> {
  const user = uniqueUser("guide");
  const registered = await request.post("/api/v1/auth/register", {
    data: { username: user.username, email: user.email, password: user.password },
  });
  expect(registered.status()).toBe(201);
  const token = new URL(await activationLink(user)).searchParams.get("token");
  const activated = await request.post("/api/v1/auth/activate", { data: { token, password: user.password } });
  expect(activated.status()).toBe(200);
  return user;
}

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs `script` with bash and only the given environment (plus PATH and HOME, for curl and jq). */
function runBash(script: string, env: Record<string, string>, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], {
      // Not the test's environment: no proxy or curl setting of this machine leaks into the guide.
      env: { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// Registration waits for the worker to deliver the activation email.
test.describe.configure({ timeout: 120_000 });

test("the README's API guide runs as written: sign in, call, refresh, revoke, then 401", async ({ request }) => {
  const user = await activeUser(request);
  // The email as the identifier: the guide says username or email, and the username shows in /me.
  const run = await runBash(guideScript(), { BASE_URL: E2E_BASE_URL, IDENTIFIER: user.email, PASSWORD: user.password });

  expect(run.code, `the guide failed:\n${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stderr).toBe("");
  expect(run.stdout).toContain(`"username":"${user.username}"`);
  const statuses = run.stdout.split("\n").filter((line) => line.startsWith("GET /api/v1/me"));
  expect(statuses).toEqual([
    "GET /api/v1/me: HTTP 200",
    "GET /api/v1/me after refresh: HTTP 200",
    "GET /api/v1/me after revoke: HTTP 401",
  ]);
  // No credential is echoed by the guide.
  expect(run.stdout).not.toContain(user.password);
});
