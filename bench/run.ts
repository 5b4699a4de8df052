// `npm run bench`: runs every bench/*.bench.ts (or those whose names start with the arguments),
// each in its own process so that one benchmark's configuration and connections cannot leak
// into the next. Each benchmark prints its figures next to a baseline measured in the same run.
import { spawnSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const [flag, single] = process.argv.slice(2);

if (flag === "--one" && single) {
  const mod = (await import(`${dir}${single}`)) as { default: () => Promise<void> };
  await mod.default();
  process.exit(0);
}

const only = process.argv.slice(2);
const files = (await readdir(dir))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--one", file], {
    stdio: "inherit",
  });
  if (result.status !== 0) failed++;
  console.log(
    `(${((Date.now() - started) / 1000).toFixed(1)} s${result.status === 0 ? "" : `, exit ${result.status}`})`,
  );
}
process.exit(failed > 0 ? 1 : 0);
