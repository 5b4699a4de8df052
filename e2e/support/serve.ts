// Playwright's web server: prepares a fresh database, builds the app for production (unless
// E2E_SKIP_BUILD=1), then runs the production web server and the worker until Playwright
// stops it. One process tree, so nothing outlives the suite.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freshMigratedDatabase } from "../../lib/testing/databases";
import { startFakeResend } from "../../lib/testing/fake-resend";
import { ensureDevCertificate } from "../../lib/http/dev-certificate";
import {
  E2E_DATABASE,
  E2E_TLS_DIR,
  E2E_VHOST,
  FAKE_RESEND_PORT,
  OIDC_PORT,
  e2eEnvironment,
  e2eHttpsEnvironment,
} from "./env";
import { startOidcProvider } from "./oidc";
import { buildNext } from "../../lib/testing/next-build";
import { createVhost } from "../../lib/testing/rabbitmq";

const root = fileURLToPath(new URL("../..", import.meta.url));
const env = { ...process.env, ...e2eEnvironment() };
const children: ChildProcess[] = [];

function run(command: string, args: string[], extra: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extra } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed with ${result.status}`);
}

function start(name: string, command: string, args: string[], extra: Record<string, string> = {}) {
  const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extra } });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[e2e] ${name} exited (${code ?? signal}); stopping`);
      stop(1);
    }
  });
  children.push(child);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3_000).unref();
  if (children.every((c) => c.exitCode !== null)) process.exit(code);
}
const resend = await startFakeResend(FAKE_RESEND_PORT);
process.on("exit", () => void resend.close());
const oidc = await startOidcProvider(OIDC_PORT);
process.on("exit", () => void oidc.close());
process.on("SIGTERM", () => stop());
process.on("SIGINT", () => stop());

// A fresh vhost and database: no queued messages or rows from an earlier run.
await createVhost(E2E_VHOST);
await freshMigratedDatabase(E2E_DATABASE);
run(process.execPath, ["--import", "tsx", "prisma/seed.ts"]);
if (process.env.E2E_SKIP_BUILD !== "1") buildNext(env);
// The same server as `npm start` (server.ts): it appends the socket address to X-Forwarded-For.
start("web", process.execPath, ["--import", "tsx", "server.ts"]);
// The same build over https (TLS_CERT_FILE/TLS_KEY_FILE), for the "https" project's journey.
start(
  "web-https",
  process.execPath,
  ["--import", "tsx", "server.ts"],
  e2eHttpsEnvironment(ensureDevCertificate(E2E_TLS_DIR)),
);
start("worker", process.execPath, ["--import", "tsx", "worker/main.ts"]);
