import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { REPO_ROOT } from "./processes";

/**
 * `next build` for tests and benchmarks. A build into a folder other than `.next` makes Next add
 * that folder's type paths to tsconfig.json; the file is put back afterwards so test runs leave
 * the working tree clean.
 */
export function buildNext(env: NodeJS.ProcessEnv): void {
  const tsconfig = `${REPO_ROOT}tsconfig.json`;
  const original = readFileSync(tsconfig, "utf8");
  try {
    const result = spawnSync("npx", ["next", "build"], {
      cwd: REPO_ROOT,
      stdio: "inherit",
      env: { ...env, NODE_ENV: "production" },
    });
    if (result.status !== 0) throw new Error(`next build failed with ${result.status}`);
  } finally {
    if (readFileSync(tsconfig, "utf8") !== original) writeFileSync(tsconfig, original);
  }
}
