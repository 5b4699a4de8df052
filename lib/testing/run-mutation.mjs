// `npm run test:mutation [scope…]`: runs Stryker once per scope of stryker.config.mjs (all of them by
// default), then prints each folder's mutation score from its JSON report and fails if any is under the goal.
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { SCOPES } from "./mutation-scopes.mjs";

const GOAL = 80;
const scopes = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(SCOPES);
const unknown = scopes.filter((scope) => !(scope in SCOPES));
if (unknown.length > 0) {
  console.error(`Unknown scope(s): ${unknown.join(", ")}. Known: ${Object.keys(SCOPES).join(", ")}`);
  process.exit(2);
}

/** Stryker's definition: detected / (detected + survived + no coverage); errors and ignored mutants do not count. */
function score(reportPath) {
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0 };
  for (const file of Object.values(report.files))
    for (const mutant of file.mutants) if (mutant.status in count) count[mutant.status] += 1;
  const detected = count.Killed + count.Timeout;
  const valid = detected + count.Survived + count.NoCoverage;
  return { ...count, score: valid === 0 ? 100 : (100 * detected) / valid };
}

const rows = [];
for (const scope of scopes) {
  console.log(`\n=== mutation testing: ${scope} (${SCOPES[scope].mutate.join(", ")})`);
  const started = Date.now();
  spawnSync("npx", ["stryker", "run"], { stdio: "inherit", env: { ...process.env, MUTATION_SCOPE: scope } });
  // Only a report this run wrote counts: after a crash, last week's report must not pass for today's.
  const report = `reports/mutation/${scope}/mutation.json`;
  const fresh = (statSync(report, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= started;
  rows.push(fresh ? { scope, ...score(report) } : { scope, score: Number.NaN });
}

console.log("\nscope        score  killed  timeout  survived  no-cov  ignored");
for (const row of rows)
  console.log(
    [
      row.scope.padEnd(10),
      (Number.isNaN(row.score) ? "no report" : `${row.score.toFixed(1)}%`).padStart(7),
      String(row.Killed ?? "-").padStart(7),
      String(row.Timeout ?? "-").padStart(8),
      String(row.Survived ?? "-").padStart(9),
      String(row.NoCoverage ?? "-").padStart(7),
      String(row.Ignored ?? "-").padStart(8),
    ].join(" "),
  );
const below = rows.filter((row) => !(row.score >= GOAL));
if (below.length > 0) {
  console.error(`\nBelow the ${GOAL}% goal: ${below.map((row) => row.scope).join(", ")}`);
  process.exit(1);
}
console.log(`\nEvery folder reaches the ${GOAL}% goal.`);
