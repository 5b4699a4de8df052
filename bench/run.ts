// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) in turn.
// Each benchmark prints its figures next to a baseline measured in the same run.
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(dir))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const mod = (await import(`${dir}${file}`)) as { default: () => Promise<void> };
  await mod.default();
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
process.exit(0);
